from byoip.tui.cli import main

if __name__ == "__main__":
    main(prog_name="ses-byoip")

"""``python -m byoip``: the headless command line (the UI's ``ses-byoip`` adds the wizard)."""

from byoip.heap import collector_paused, freeze_long_lived

# Loading click, the settings and the rules makes tens of thousands of objects that live
# as long as the process; the cycle collector walked them again at every collection while
# they were made (a few percent of `check` over 1,000 records): loaded with it paused,
# then frozen (see byoip/heap.py).
with collector_paused():
    from byoip.cli import main

    freeze_long_lived()

if __name__ == "__main__":
    main(prog_name="ses-byoip")

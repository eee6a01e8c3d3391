"""``python -m byoip``: the headless command line (the UI's ``ses-byoip`` adds the wizard)."""

import gc

# Loading click, the settings and the rules makes tens of thousands of objects that live
# as long as the process; the cycle collector walked them again at every collection while
# they were made (a few percent of `check` over 1,000 records).  Loaded with it
# paused, then frozen (gc.freeze: kept out of its walks; reference counting still frees
# what is dropped), the way byoip/tui/heap.py keeps a built screen out of its way.
gc.disable()
try:
    from byoip.cli import main
finally:
    gc.freeze()
    gc.enable()

if __name__ == "__main__":
    main(prog_name="ses-byoip")

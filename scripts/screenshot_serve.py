"""The README's picture of ``ses-byoip serve``: the tour's first page in Chromium.

Run:  python scripts/screenshot_serve.py     (writes docs/screenshots/serve.png)

Starts ``ses-byoip serve`` on a free loopback port, opens it in Debian's
Chromium through Playwright (as the browser test does), waits until the first
page shows the app's verdict on its sample, and saves a PNG of the browser's
page.  A real browser picture, so a PNG (the terminal pictures are SVGs).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from tests.support.browser import (  # noqa: E402 (after the path is set)
    ServedTour,
    chromium,
    chromium_missing,
    new_context,
    screen_text,
    wait_for_screen,
)

OUT = REPO_ROOT / "docs" / "screenshots" / "serve.png"


def main() -> None:
    missing = chromium_missing()
    if missing:
        sys.exit(f"Can't take the picture: {missing}.")
    with tempfile.TemporaryDirectory(prefix="serve-shot-") as tmp:
        served = ServedTour(Path(tmp))
        try:
            with chromium() as browser:
                context = new_context(browser, [])
                page = context.new_page()
                page.goto(served.url)
                wait_for_screen(page, "page 1 of 8")
                deadline = time.monotonic() + 60
                while "checking…" in screen_text(page) and time.monotonic() < deadline:
                    time.sleep(0.1)
                time.sleep(0.5)  # the page's fade-in
                OUT.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(OUT))
                context.close()
        finally:
            served.stop()
    print(f"wrote {OUT.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()

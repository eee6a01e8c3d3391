"""What the proof of ownership costs: at import, and per live check in the wizard.

Run:  python bench/bench_proof.py [--repeat R]

Every figure is printed next to a baseline measured in the same run, as a ratio:
- ``import byoip.proof`` in a fresh interpreter (cryptography is imported lazily)
  against the same import followed by ``import cryptography.x509`` and the RSA
  padding module (what an eager import would cost), and against ``python -c pass``;
- one ``verify_authorization`` (parse the message, decode the signature, load a
  one-line PEM certificate, RSA-PSS verify, the field rules) against the bare
  ``cryptography`` RSA-PSS verify it wraps, and against a 16.7 ms frame (60 Hz),
  since the wizard checks again on every keystroke in the signature field.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import timeit
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

FRAME_SECONDS = 1 / 60


def fresh_import_seconds(code: str, repeat: int) -> float:
    """Median wall time of ``python -c code`` (interpreter start-up included)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per figure (median)")
    args = parser.parse_args()

    bare = fresh_import_seconds("pass", args.repeat)
    lazy = fresh_import_seconds("import byoip.proof", args.repeat)
    eager = fresh_import_seconds(
        "import byoip.proof, cryptography.x509; "
        "from cryptography.hazmat.primitives.asymmetric import padding, rsa",
        args.repeat,
    )
    print("import (fresh interpreter, median of", args.repeat, "runs)")
    print(f"  python -c pass                     {bare * 1000:7.1f} ms")
    print(f"  import byoip.proof (lazy crypto)   {lazy * 1000:7.1f} ms")
    print(f"  ... plus cryptography (eager)      {eager * 1000:7.1f} ms")
    print(
        f"  byoip.proof above bare python: {(lazy - bare) * 1000:.1f} ms; an eager import "
        f"would add {(eager - lazy) * 1000:.1f} ms more (eager/lazy = {eager / lazy:.2f}x)"
    )

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa
    from cryptography.x509.oid import NameOID

    from byoip import proof

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.now(UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bench")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    one_line = cert.public_bytes(serialization.Encoding.PEM).decode().replace("\n", "")
    message = proof.authorization_message("123456789012", "199.188.0.0/24")
    pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)
    raw = key.sign(message.encode(), pss, hashes.SHA256())
    signature = proof.signature_to_aws(raw)
    public_key = cert.public_key()

    def full() -> None:
        verdict = proof.verify_authorization(
            message, signature, one_line, "123456789012", "199.188.0.0/24"
        )
        assert verdict.ok

    def bare_verify() -> None:
        public_key.verify(raw, message.encode(), pss, hashes.SHA256())  # type: ignore[union-attr,call-arg]

    full()  # warm: imports done outside the timing
    number = 200
    full_each = min(timeit.repeat(full, number=number, repeat=args.repeat)) / number
    bare_each = min(timeit.repeat(bare_verify, number=number, repeat=args.repeat)) / number
    print("one check (best of", args.repeat, "x", number, "calls)")
    print(f"  bare RSA-PSS verify (cryptography)  {bare_each * 1e6:8.1f} µs")
    print(f"  verify_authorization (everything)   {full_each * 1e6:8.1f} µs")
    print(
        f"  ratio full/bare = {full_each / bare_each:.1f}x; "
        f"{full_each / FRAME_SECONDS * 100:.2f}% of a 16.7 ms frame"
    )


if __name__ == "__main__":
    main()

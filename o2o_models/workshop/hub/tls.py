"""A certificate for the hub's HTTPS: the trainer's own, or a self-signed one for a workshop network.

The self-signed certificate names this machine's host name, ``localhost`` and every address
of its network interfaces, so students can open ``https://ADDRESS:8000`` on the room's
network. Their browser warns once that it does not know who signed it; the trainer reads
out the fingerprint the hub prints at start, which the browser shows under the warning.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import socket
from pathlib import Path

import psutil
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def machine_addresses() -> list[str]:
    """Every IPv4 and IPv6 address of this machine's interfaces."""
    return sorted(
        {
            address.address.split("%")[0]
            for addresses in psutil.net_if_addrs().values()
            for address in addresses
            if address.family in (socket.AF_INET, socket.AF_INET6)
        }
    )


def make_self_signed(key_path: Path, cert_path: Path, days: int = 30) -> None:
    """Write a new key (owner-only) and a self-signed certificate for this machine, valid for ``days``."""
    key = ec.generate_private_key(ec.SECP256R1())
    host = socket.gethostname()
    names = [x509.DNSName(host), x509.DNSName("localhost")]
    names += [x509.IPAddress(ipaddress.ip_address(address)) for address in machine_addresses()]
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"O2O workshop hub on {host}")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


def fingerprint(cert_path: Path) -> str:
    """The certificate's SHA-256 fingerprint as browsers show it (``AB:CD:...``)."""
    certificate = x509.load_pem_x509_certificate(cert_path.read_bytes())
    return certificate.fingerprint(hashes.SHA256()).hex(":").upper()


def expired_or_missing(cert_path: Path) -> bool:
    if not cert_path.exists():
        return True
    certificate = x509.load_pem_x509_certificate(cert_path.read_bytes())
    return certificate.not_valid_after_utc < datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)

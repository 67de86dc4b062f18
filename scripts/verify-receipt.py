#!/usr/bin/env python3
"""Checks an ipcase transparency receipt offline, with Python's standard library and `cryptography` alone,
so that a partner needs no Swift (and no trust in ipcase's own code) to check one.

    python3 scripts/verify-receipt.py RECEIPT.json --key 'ipcase.local/transparency/ab12cd34+5f6e7d8c+AV…'
    python3 scripts/verify-receipt.py RECEIPT.json --key KEYFILE --content-hash <an event's hash, hex>

What it checks, as `ipcase transparency verify-receipt` does: the checkpoint is a C2SP signed note whose
Ed25519 signature by KEY holds and whose origin is KEY's name; the receipt's tree size is the checkpoint's;
the entry's leaf, SHA-256(0x00 ‖ SHA-256(salt ‖ content hash)), is in that tree by the inclusion proof
(RFC 9162 §2.1.3.2); and, where given, the content hashes to the content hash. Exits 0 when it holds.
"""
import argparse
import base64
import hashlib
import json
import os
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

EM_DASH = "\u2014"


class NotVerified(Exception):
    pass


def verifier(text):
    """`name+hex key id+base64(0x01 ‖ public key)`: the name, the key id, and the key."""
    name, key_id, key = text.strip().split("+", 2)  # base64 has + of its own
    raw = base64.b64decode(key)
    if len(raw) != 33 or raw[0] != 1:
        raise NotVerified("the key is not an Ed25519 verifier key")
    computed = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4]
    if computed.hex() != key_id:
        raise NotVerified("the key id does not match the key")
    return name, computed, Ed25519PublicKey.from_public_bytes(raw[1:])


def open_checkpoint(note, key):
    """The checkpoint's origin, size and root, once KEY's signature on it holds."""
    name, key_id, public = key
    text, _, signatures = note.partition("\n\n")
    text += "\n"
    for line in signatures.splitlines():
        if not line.startswith(EM_DASH + " "):
            raise NotVerified("a signature line does not begin with an em dash")
        signer, blob = line[2:].split(" ")
        blob = base64.b64decode(blob)
        if signer != name or blob[:4] != key_id:
            continue
        try:
            public.verify(blob[4:], text.encode())
        except InvalidSignature:
            raise NotVerified("the checkpoint's signature does not hold")
        origin, size, root = text.splitlines()[:3]
        if origin != name:
            raise NotVerified(f"the checkpoint's origin {origin} is not the key's name {name}")
        return origin, int(size), base64.b64decode(root)
    raise NotVerified(f"the checkpoint carries no signature by {name}")


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_inclusion(index, size, leaf, proof):
    """RFC 9162 §2.1.3.2, in transparency-dev/merkle's form: the proof's length is checked first."""
    if index >= size:
        raise NotVerified("the leaf is not in the tree")
    inner = (index ^ (size - 1)).bit_length()
    border = bin(index >> inner).count("1")
    if len(proof) != inner + border:
        raise NotVerified(f"the proof has {len(proof)} hashes, not {inner + border}")
    result = leaf
    for level, sibling in enumerate(proof[:inner]):
        result = node(result, sibling) if (index >> level) & 1 == 0 else node(sibling, result)
    for sibling in proof[inner:]:
        result = node(sibling, result)
    return result


def verify(receipt, key, content_hash=None):
    content = base64.b64decode(receipt["contentHash"])
    if content_hash is not None and content_hash != content:
        raise NotVerified("the receipt is for another content hash")
    if receipt.get("content") is not None and hashlib.sha256(receipt["content"].encode()).digest() != content:
        raise NotVerified("the content does not hash to the content hash")
    if receipt.get("salt") is None:
        raise NotVerified("the entry is shredded: it proves no content")
    salt = base64.b64decode(receipt["salt"])
    origin, size, root = open_checkpoint(receipt["checkpoint"], key)
    if size != receipt["treeSize"]:
        raise NotVerified("the receipt's tree size is not the checkpoint's")
    leaf = hashlib.sha256(b"\x00" + hashlib.sha256(salt + content).digest()).digest()
    proof = [base64.b64decode(h) for h in receipt["inclusionProof"]]
    if root_from_inclusion(receipt["leafIndex"], size, leaf, proof) != root:
        raise NotVerified("the inclusion proof does not lead to the checkpoint's root")
    return origin, size


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("receipt", help="the receipt (JSON); - reads standard input")
    parser.add_argument("--key", required=True, help="the log's verifier key, or a file holding it")
    parser.add_argument("--content-hash", help="the SHA-256 the entry must commit to, hex (an event's hash)")
    args = parser.parse_args()
    key_text = open(args.key).read() if os.path.exists(args.key) else args.key
    receipt = json.load(sys.stdin if args.receipt == "-" else open(args.receipt))
    try:
        origin, size = verify(receipt, verifier(key_text),
                              bytes.fromhex(args.content_hash) if args.content_hash else None)
    except (NotVerified, ValueError, KeyError) as error:
        print(f"NOT VERIFIED: {error}")
        return 1
    print(f"OK: {receipt['entry']} is leaf {receipt['leafIndex']} of the tree of {size} signed by {origin}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Verify a COSE_Sign1 (RFC 9052 section 4.2) signed with EdDSA/Ed25519, independently of Starling.

Uses only Debian's python3-cbor2 and python3-cryptography. The Sig_structure
(RFC 9052 section 4.4) is built here with cbor2, not taken from the sender.

usage: verify_cose_sign1.py MESSAGE_FILE PUBLIC_KEY_HEX
prints one JSON line with the decoded headers and payload; exit 0 if the
signature verifies, 1 if it does not, 2 on malformed input.
"""
import json
import sys

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def main():
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    public_key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(sys.argv[2]))
    item = cbor2.loads(data)
    if isinstance(item, cbor2.CBORTag):
        if item.tag != 18:
            print("not a COSE_Sign1: tag %d" % item.tag, file=sys.stderr)
            return 2
        item = item.value
    if not isinstance(item, list) or len(item) != 4:
        print("COSE_Sign1 must be an array of 4", file=sys.stderr)
        return 2
    protected_bytes, unprotected, payload, signature = item
    protected = cbor2.loads(protected_bytes) if protected_bytes else {}
    if protected.get(1) != -8:
        print("alg is not EdDSA (-8): %r" % protected.get(1), file=sys.stderr)
        return 2
    to_be_signed = cbor2.dumps(["Signature1", protected_bytes, b"", payload])
    result = {
        "protected": {str(k): (v.hex() if isinstance(v, bytes) else v) for k, v in protected.items()},
        "unprotected": {str(k): (v.hex() if isinstance(v, bytes) else v) for k, v in unprotected.items()},
        "payload": payload.hex(),
        "to_be_signed": to_be_signed.hex(),
    }
    try:
        public_key.verify(signature, to_be_signed)
    except InvalidSignature:
        result["valid"] = False
        print(json.dumps(result))
        return 1
    result["valid"] = True
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

from Crypto.Cipher import AES, DES
from Crypto.Util.Padding import pad, unpad

KEY = bytes.fromhex("6b1f0e2a9c4d7e3f")
IV = b"0000000000000000"


def encrypt_legacy(data: bytes) -> bytes:
    cipher = DES.new(KEY, DES.MODE_ECB)
    return cipher.encrypt(pad(data, 8))


def encrypt_card(number: str, key: bytes) -> bytes:
    cipher = AES.new(key, AES.MODE_CBC, iv=IV)
    return cipher.encrypt(pad(number.encode(), 16))


def encrypt_blob(data: bytes, key: bytes) -> bytes:
    return AES.new(key, AES.MODE_ECB).encrypt(pad(data, 16))


def decrypt_card(blob: bytes, key: bytes) -> str:
    return unpad(AES.new(key, AES.MODE_CBC, iv=IV).decrypt(blob), 16).decode()

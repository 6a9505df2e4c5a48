/// EIP-191 version 0x45, `personal_sign`: the digest wallets sign for a plain message.
public enum EIP191 {
    /// keccak256(0x19 ‖ "Ethereum Signed Message:\n" ‖ decimal byte length ‖ message).
    ///
    /// The length is the message's length in bytes (UTF-8 bytes for text), not in characters.
    public static func digest(_ message: [UInt8]) -> Bytes32 {
        var k = Keccak256()
        k.update([0x19])
        k.update(Array("Ethereum Signed Message:\n\(message.count)".utf8))
        k.update(message)
        return k.finalize()
    }

    /// The digest of a text message's UTF-8 bytes.
    public static func digest(_ text: String) -> Bytes32 { digest(Array(text.utf8)) }

    /// Signs a message the way `personal_sign` does.
    public static func sign(_ message: [UInt8], with key: Secp256k1.PrivateKey) -> Secp256k1.Signature {
        key.sign(digest: digest(message))
    }

    /// The address that signed a message.
    public static func recover(_ message: [UInt8], signature: Secp256k1.Signature) throws -> Address {
        try signature.recoverAddress(digest: digest(message))
    }
}

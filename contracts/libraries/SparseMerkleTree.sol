// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title SparseMerkleTree
/// @notice Proofs, reads and writes of Halcyon's state tree (docs/protocol.md §2.1): a binary sparse
///         Merkle tree over 256-bit keys in canonical form, where a subtree holding one leaf hashes to
///         that leaf's `leafHash` whatever its depth, and an empty subtree to ZERO.
/// @dev    Key bit `d` is the d-th most significant bit; at depth `d`, bit 0 goes left. Hashes:
///         `leafHash(k, v) = keccak(0x01 ‖ k ‖ v)` (65 bytes), `internal(l, r) = keccak(l ‖ r)`.
///         Every function reverts with one of the errors below on an invalid proof, so a returned value
///         is always backed by the root. Hashing runs in scratch memory (0x00-0x3f) and in the free
///         memory past the free memory pointer, which is never advanced: the library allocates nothing.
library SparseMerkleTree {
    /// @notice A proof for one key: what lies at depth `siblings.length` on the key's path, and the
    ///         siblings passed on the way down.
    /// @param siblings     `siblings[d]` is the hash of the child at depth d+1 that is NOT on the key's
    ///                     path (top-down, at most 256).
    /// @param terminalKind `TERMINAL_EMPTY` (the subtree there is ZERO) or `TERMINAL_LEAF` (it holds
    ///                     exactly the leaf `(leafKey, leafValue)`).
    /// @param leafKey      The terminal leaf's key; it must share bits 0..depth-1 with the key. Ignored
    ///                     for an empty terminal.
    /// @param leafValue    The terminal leaf's value. Ignored for an empty terminal.
    struct Proof {
        bytes32[] siblings;
        uint8 terminalKind;
        bytes32 leafKey;
        bytes32 leafValue;
    }

    /// @notice A state-tree root advanced by the ordered reads and writes of one state-transition step
    ///         (§3.3): each read consumes the next proof of a witness list and checks it against the
    ///         current root; a write must directly follow a read of the same key and reuses its proof.
    /// @dev    Build one with `cursor`; the proof list stays in calldata and is addressed by offset,
    ///         since a memory struct cannot hold a calldata reference.
    struct Cursor {
        bytes32 root;
        /// Calldata offset and length of the `Proof[]` the reads consume.
        uint256 proofsOffset;
        uint256 proofsLength;
        /// Index of the next proof to consume; after the step, the number of proofs used.
        uint256 nextProof;
        /// The key of the last read while a write of it is allowed (`writable`).
        bytes32 readKey;
        bool writable;
    }

    /// @notice Terminal kind of a proof that ends in an empty subtree.
    uint8 internal constant TERMINAL_EMPTY = 0;
    /// @notice Terminal kind of a proof that ends in a single-leaf subtree.
    uint8 internal constant TERMINAL_LEAF = 1;
    /// @notice Deepest possible terminal: one level per key bit.
    uint256 internal constant MAX_DEPTH = 256;

    /// @notice A proof has more than 256 siblings.
    /// @param depth The number of siblings.
    error ProofTooDeep(uint256 depth);
    /// @notice A proof's terminal kind is neither TERMINAL_EMPTY nor TERMINAL_LEAF.
    /// @param kind The kind found.
    error InvalidTerminalKind(uint8 kind);
    /// @notice A proof's terminal leaf does not share the key's first `depth` bits, so it cannot lie on
    ///         the key's path.
    /// @param key     The key being proven.
    /// @param leafKey The terminal leaf's key.
    /// @param depth   The terminal's depth.
    error LeafNotOnPath(bytes32 key, bytes32 leafKey, uint256 depth);
    /// @notice A proof does not fold to the expected root.
    /// @param root     The root the proof was checked against.
    /// @param computed The root the proof folds to.
    error RootMismatch(bytes32 root, bytes32 computed);
    /// @notice A cursor read found no proof left in the witness list.
    /// @param count The number of proofs in the list.
    error ProofsExhausted(uint256 count);
    /// @notice A cursor write did not directly follow a read of the same key.
    /// @param key The key being written.
    error WriteWithoutRead(bytes32 key);

    // ---------------------------------------------------------------------------------------------
    // Single proofs

    /// @notice Checks `proof` for `key` against `root` and says whether the key is present, and with
    ///         what value. Reverts if the proof is malformed or does not fold to `root`.
    /// @return present Whether a leaf holds `key` (its value may be zero).
    /// @return value   The leaf's value if present, else zero.
    function verify(bytes32 root, bytes32 key, Proof calldata proof)
        internal
        pure
        returns (bool present, bytes32 value)
    {
        bytes32 terminal = _terminalHash(key, proof);
        bytes32 computed = _fold(key, terminal, proof.siblings);
        if (computed != root) revert RootMismatch(root, computed);
        if (proof.terminalKind == TERMINAL_LEAF && proof.leafKey == key) return (true, proof.leafValue);
        return (false, bytes32(0));
    }

    /// @notice Checks `proof` for `key` against `root`, then returns the root after setting `key` to
    ///         `newValue` (inserting the leaf if absent). Reverts like `verify`.
    function set(bytes32 root, bytes32 key, bytes32 newValue, Proof calldata proof)
        internal
        pure
        returns (bytes32 newRoot)
    {
        bytes32 terminal = _terminalHash(key, proof);
        bytes32 node = _subtreeAfterSet(key, newValue, proof);
        bytes32 oldRoot;
        (oldRoot, newRoot) = _foldPair(key, terminal, node, proof.siblings);
        if (oldRoot != root) revert RootMismatch(root, oldRoot);
    }

    /// @notice The root after setting `key` to `newValue`, from a proof for `key` that the caller has
    ///         already checked against the current root (this checks the proof's shape, not its root).
    function rootAfterSet(bytes32 key, bytes32 newValue, Proof calldata proof) internal pure returns (bytes32) {
        _terminalHash(key, proof);
        return _rootAfterSetUnchecked(key, newValue, proof);
    }

    // ---------------------------------------------------------------------------------------------
    // Cursor over a witness list

    /// @notice A cursor at `root` that consumes `proofs` in order.
    function cursor(bytes32 root, Proof[] calldata proofs) internal pure returns (Cursor memory c) {
        c.root = root;
        uint256 offset;
        assembly ("memory-safe") {
            offset := proofs.offset
        }
        c.proofsOffset = offset;
        c.proofsLength = proofs.length;
    }

    /// @notice Reads `key` at the cursor's root with the next proof of the list. Reverts if the list is
    ///         exhausted or the proof is invalid.
    /// @return present Whether a leaf holds `key`.
    /// @return value   The leaf's value if present, else zero.
    function read(Cursor memory c, bytes32 key) internal pure returns (bool present, bytes32 value) {
        uint256 i = c.nextProof;
        if (i >= c.proofsLength) revert ProofsExhausted(c.proofsLength);
        (present, value) = verify(c.root, key, _proofAt(c, i));
        c.nextProof = i + 1;
        c.readKey = key;
        c.writable = true;
    }

    /// @notice Writes `value` at `key`, reusing the proof of the read just before, which must have been
    ///         of the same key (§3.3: every write directly follows a read of its key).
    function write(Cursor memory c, bytes32 key, bytes32 value) internal pure {
        if (!c.writable || c.readKey != key) revert WriteWithoutRead(key);
        // The read checked this proof's shape and root, and the root has not moved since.
        c.root = _rootAfterSetUnchecked(key, value, _proofAt(c, c.nextProof - 1));
        c.writable = false;
    }

    // ---------------------------------------------------------------------------------------------
    // Hashing

    /// @notice `keccak(0x01 ‖ key ‖ value)`: the hash of any subtree holding exactly this one leaf.
    function leafHash(bytes32 key, bytes32 value) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, 0x01)
            mstore(add(m, 0x20), key)
            mstore(add(m, 0x40), value)
            h := keccak256(add(m, 0x1f), 65)
        }
    }

    /// @notice `keccak(left ‖ right)`: the hash of a subtree holding two or more leaves.
    function internalHash(bytes32 left, bytes32 right) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            mstore(0x00, left)
            mstore(0x20, right)
            h := keccak256(0x00, 0x40)
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Internals

    /// @dev Checks the proof's shape for `key` and returns its terminal's hash.
    function _terminalHash(bytes32 key, Proof calldata proof) private pure returns (bytes32) {
        uint256 depth = proof.siblings.length;
        if (depth > MAX_DEPTH) revert ProofTooDeep(depth);
        uint8 kind = proof.terminalKind;
        if (kind == TERMINAL_EMPTY) return bytes32(0);
        if (kind != TERMINAL_LEAF) revert InvalidTerminalKind(kind);
        bytes32 leafKey = proof.leafKey;
        // Shared bits 0..depth-1; a shift by 256 (depth 0) yields 0 in Solidity.
        if ((uint256(key ^ leafKey) >> (MAX_DEPTH - depth)) != 0) revert LeafNotOnPath(key, leafKey, depth);
        return leafHash(leafKey, proof.leafValue);
    }

    /// @dev The new hash of the subtree at the proof's terminal depth after setting `key` to `value`.
    ///      Assumes a checked shape. Beside another leaf, both leaves move down to their first differing
    ///      bit `p` and the chain of one-child nodes for depths p-1 .. depth is hashed with ZERO.
    function _subtreeAfterSet(bytes32 key, bytes32 value, Proof calldata proof) private pure returns (bytes32 node) {
        node = leafHash(key, value);
        if (proof.terminalKind != TERMINAL_LEAF) return node;
        bytes32 otherKey = proof.leafKey;
        if (otherKey == key) return node;
        bytes32 other = leafHash(otherKey, proof.leafValue);
        uint256 depth = proof.siblings.length;
        uint256 p = 255 - _mostSignificantBit(uint256(key ^ otherKey));
        assembly ("memory-safe") {
            // Side of `key` at depth d: bit d of the key, as a scratch offset 0x00 (left) or 0x20 (right).
            let o := shl(5, and(shr(sub(255, p), key), 1))
            mstore(o, node)
            mstore(xor(o, 0x20), other)
            node := keccak256(0x00, 0x40)
            for { let d := p } gt(d, depth) {} {
                d := sub(d, 1)
                o := shl(5, and(shr(sub(255, d), key), 1))
                mstore(o, node)
                mstore(xor(o, 0x20), 0)
                node := keccak256(0x00, 0x40)
            }
        }
    }

    function _rootAfterSetUnchecked(bytes32 key, bytes32 value, Proof calldata proof) private pure returns (bytes32) {
        bytes32 node = _subtreeAfterSet(key, value, proof);
        return _fold(key, node, proof.siblings);
    }

    /// @dev Folds `node`, the hash at depth `siblings.length` on `key`'s path, up to the root:
    ///      for d = depth-1 .. 0, node = bit(key, d) == 0 ? H(node, siblings[d]) : H(siblings[d], node).
    function _fold(bytes32 key, bytes32 node, bytes32[] calldata siblings) private pure returns (bytes32) {
        assembly ("memory-safe") {
            for { let d := siblings.length } d {} {
                d := sub(d, 1)
                // Side of the node: bit d of the key, as scratch offset 0x00 (left) or 0x20 (right).
                let o := shl(5, and(shr(sub(255, d), key), 1))
                mstore(o, node)
                mstore(xor(o, 0x20), calldataload(add(siblings.offset, shl(5, d))))
                node := keccak256(0x00, 0x40)
            }
        }
        return node;
    }

    /// @dev `_fold` of two nodes at once along the same path (the old and the new subtree hash).
    function _foldPair(bytes32 key, bytes32 a, bytes32 b, bytes32[] calldata siblings)
        private
        pure
        returns (bytes32, bytes32)
    {
        assembly ("memory-safe") {
            for { let d := siblings.length } d {} {
                d := sub(d, 1)
                let o := shl(5, and(shr(sub(255, d), key), 1))
                mstore(xor(o, 0x20), calldataload(add(siblings.offset, shl(5, d))))
                mstore(o, a)
                a := keccak256(0x00, 0x40)
                mstore(o, b)
                b := keccak256(0x00, 0x40)
            }
        }
        return (a, b);
    }

    /// @dev Index (0 = least significant) of the highest set bit of a nonzero `x`, by binary search.
    function _mostSignificantBit(uint256 x) private pure returns (uint256 r) {
        assembly ("memory-safe") {
            r := shl(7, gt(x, 0xffffffffffffffffffffffffffffffff))
            r := or(r, shl(6, gt(shr(r, x), 0xffffffffffffffff)))
            r := or(r, shl(5, gt(shr(r, x), 0xffffffff)))
            r := or(r, shl(4, gt(shr(r, x), 0xffff)))
            r := or(r, shl(3, gt(shr(r, x), 0xff)))
            r := or(r, shl(2, gt(shr(r, x), 0xf)))
            r := or(r, shl(1, gt(shr(r, x), 0x3)))
            r := or(r, gt(shr(r, x), 0x1))
        }
    }

    /// @dev Proof `i` of the cursor's list (bounds checked by the caller).
    function _proofAt(Cursor memory c, uint256 i) private pure returns (Proof calldata proof) {
        Proof[] calldata proofs;
        uint256 offset = c.proofsOffset;
        uint256 length = c.proofsLength;
        assembly ("memory-safe") {
            proofs.offset := offset
            proofs.length := length
        }
        return proofs[i];
    }
}

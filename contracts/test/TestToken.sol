// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title TestToken
/// @notice TEST DOUBLE: an ERC-20 anyone can mint, with an optional fee on transfer (a share of every
/// transfer is burned) and an optional blocklist, to test the Bridge's deposits and withdrawals.
contract TestToken is ERC20 {
    /// @notice The share of each transfer burned, in basis points (10,000 burns everything).
    uint256 public feeBps;
    /// @notice Transfers to these addresses revert.
    mapping(address account => bool) public blocked;

    /// @notice A transfer to a blocked address.
    error Blocked(address to);

    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) {}

    /// @notice Mints `amount` to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Sets the fee on transfer.
    function setFeeBps(uint256 bps) external {
        feeBps = bps;
    }

    /// @notice Blocks or unblocks transfers to `account`.
    function setBlocked(address account, bool value) external {
        blocked[account] = value;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (blocked[to]) revert Blocked(to);
        uint256 fee = from == address(0) || to == address(0) ? 0 : (value * feeBps) / 10_000;
        if (fee != 0) super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}

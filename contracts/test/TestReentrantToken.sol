// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title TestReentrantToken
/// @notice TEST DOUBLE: an ERC-20 whose transfers first run one configured call (e.g. back into the Bridge)
/// and record its outcome, to test the Bridge's reentrancy guard.
contract TestReentrantToken is ERC20 {
    /// @notice The target of the one-shot hook (0: none).
    address public hookTarget;
    /// @notice The calldata of the one-shot hook.
    bytes public hookData;
    /// @notice Whether the hook ran.
    bool public hookRan;
    /// @notice Whether the hook's call succeeded.
    bool public hookSucceeded;
    /// @notice The hook call's return or revert data.
    bytes public hookResult;

    constructor() ERC20("Reentrant", "RE") {}

    /// @notice Mints `amount` to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Arms the one-shot hook.
    function setHook(address target, bytes calldata data) external {
        hookTarget = target;
        hookData = data;
        hookRan = false;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (hookTarget != address(0) && !hookRan && from != address(0)) {
            hookRan = true;
            (hookSucceeded, hookResult) = hookTarget.call(hookData);
        }
        super._update(from, to, value);
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title TestAccount
/// @notice TEST DOUBLE: a contract account that forwards calls, can refuse ETH, and can run one configured call
/// when it receives ETH or when a token calls it back, recording the outcome. Used to attempt reentrancy.
contract TestAccount {
    /// @notice Whether receiving ETH reverts.
    bool public rejectEth;
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

    /// @notice A forwarded call failed; its revert data.
    error CallFailed(bytes result);

    /// @notice Accepts ETH (unless rejectEth) and runs the hook once.
    receive() external payable {
        if (rejectEth) revert("rejected");
        _runHook();
    }

    /// @notice Forwards a call with msg.value; reverts with the callee's revert data wrapped in CallFailed.
    function execute(address target, bytes calldata data) external payable returns (bytes memory) {
        (bool ok, bytes memory result) = target.call{value: msg.value}(data);
        if (!ok) revert CallFailed(result);
        return result;
    }

    /// @notice Sets whether receiving ETH reverts.
    function setRejectEth(bool value) external {
        rejectEth = value;
    }

    /// @notice Arms the one-shot hook.
    function setHook(address target, bytes calldata data) external {
        hookTarget = target;
        hookData = data;
        hookRan = false;
    }

    /// @notice Runs the hook (for token callbacks).
    function runHook() external {
        _runHook();
    }

    function _runHook() private {
        if (hookTarget == address(0) || hookRan) return;
        hookRan = true;
        (hookSucceeded, hookResult) = hookTarget.call(hookData);
    }
}

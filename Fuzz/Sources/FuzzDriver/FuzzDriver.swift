import Foundation

/// libFuzzer's driver, started from the target's own `main`.
///
/// SwiftPM links an executable's entry point under its own name, so libFuzzer's `main` cannot be
/// used; `LLVMFuzzerRunDriver` (libFuzzer's documented entry for that case) takes the command line
/// and the function to call on each input.
public enum FuzzDriver {
    /// The check of the current target: returns the promises an input breaks. Global, because
    /// libFuzzer's C callback cannot capture it; unsafe is sound as it is set once, before
    /// libFuzzer starts, and libFuzzer calls the callback from one thread.
    nonisolated(unsafe) static var check: ([UInt8]) -> [String] = { _ in [] }

    public static func run(_ check: @escaping ([UInt8]) -> [String]) -> Never {
        FuzzDriver.check = check
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
    }
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

private func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    let broken = FuzzDriver.check(bytes)
    if !broken.isEmpty { fatalError("broken: " + broken.joined(separator: "; ")) }
    return 0
}

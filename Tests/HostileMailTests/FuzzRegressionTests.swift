import XCTest
import FuzzChecks
import TestSupport

/// Replays every input a fuzz target once failed on (Regressions/<target>/<file>) through the same
/// checks the fuzz target runs: each must now pass without a trap and without a broken promise.
final class FuzzRegressionTests: XCTestCase {
    func testEveryKeptCrashInputPasses() throws {
        let root = Fixtures.path("Tests/HostileMailTests/Regressions")
        var replayed = 0
        for target in FuzzChecks.Target.allCases {
            let dir = root + "/" + target.rawValue
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") {
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)))
                XCTAssertEqual(FuzzChecks.run(target, bytes), [], "\(target.rawValue)/\(name)")
                replayed += 1
            }
        }
        print("replayed \(replayed) fuzz regression inputs")
    }
}

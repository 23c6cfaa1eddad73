// swift-tools-version:6.0
import Foundation
import PackageDescription

// libFuzzer targets for patchdigest's parsers, one executable per target. A package of its own
// (depending on the project by path) so that the main `swift build` / `swift test` never build
// them; `scripts/fuzz` builds them with `-sanitize=fuzzer,address` and runs them.

// A path dependency is named by its directory: the checkout's name, whatever it is.
let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent
let checks = Target.Dependency.product(name: "FuzzChecks", package: project)

func fuzzTarget(_ name: String) -> Target {
    .executableTarget(name: name, dependencies: [checks, "FuzzDriver"], path: "Sources/\(name)")
}

let package = Package(
    name: "patchdigest-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzDriver", path: "Sources/FuzzDriver"),
        fuzzTarget("FuzzMessage"),
        fuzzTarget("FuzzSubjectTags"),
        fuzzTarget("FuzzPatchBody"),
        fuzzTarget("FuzzPipeline"),
        fuzzTarget("FuzzMbox"),
    ],
    swiftLanguageModes: [.v6]
)

// swift-tools-version:6.0
import PackageDescription

// One module per pipeline stage; each stage depends only on the stages before it:
// Archive -> Mail -> Patches -> Series -> Digest -> Render -> CLI.
let package = Package(
    name: "patchdigest",
    products: [
        .executable(name: "patchdigest", targets: ["patchdigest"]),
        .library(name: "PatchDigestKit", targets: ["Archive", "Mail", "Patches", "Series", "Digest", "Render"]),
        // The invariants the fuzz targets (Fuzz/, a package of its own) and the regression tests share.
        .library(name: "FuzzChecks", targets: ["FuzzChecks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "Archive"),
        .target(name: "Mail"),
        .target(name: "Patches", dependencies: ["Mail"]),
        .target(name: "Series", dependencies: ["Patches", "Mail"]),
        .target(name: "Digest", dependencies: ["Series", "Patches", "Mail", "Archive"]),
        .target(name: "Render", dependencies: ["Digest"]),
        .executableTarget(name: "patchdigest", dependencies: [
            "Archive", "Mail", "Patches", "Series", "Digest", "Render",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Shared by the test targets only: fixture archives built with scripts/make-inbox.
        .target(name: "TestSupport", path: "Sources/TestSupport"),
        .testTarget(name: "MailTests", dependencies: ["Mail"]),
        .testTarget(name: "PatchesTests", dependencies: ["Patches"]),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive", "TestSupport"]),
        .testTarget(name: "SeriesTests", dependencies: ["Series", "TestSupport"]),
        .testTarget(name: "DigestTests", dependencies: ["Digest", "Render", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["patchdigest", "TestSupport"]),
        .target(name: "FuzzChecks", dependencies: ["Archive", "Mail", "Patches", "Series", "Digest", "Render"],
                path: "Fuzz/Checks"),
        .testTarget(name: "HostileMailTests", dependencies: [
            "patchdigest", "Archive", "Mail", "Patches", "Series", "Digest", "Render", "FuzzChecks", "TestSupport",
        ], exclude: ["Regressions"]),
    ],
    swiftLanguageModes: [.v5]
)

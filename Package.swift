// swift-tools-version:6.0
import PackageDescription

// One module per pipeline stage; each stage depends only on the stages before it:
// Mail -> Archive -> Patches -> Series -> Review -> Digest -> Render -> CLI; Store (the history of followed
// lists, in SQLite) sits beside Render, after Digest. Mail (bytes to messages, without Foundation)
// comes first: Archive uses its calendar for mbox dates. Each target declares exactly the modules
// it imports, so the arrows read here are the real ones. CI builds with
// `--explicit-target-dependency-import-check error`: an import of a module a target does not
// reach through them (one further down the pipeline) fails the build.
let package = Package(
    name: "patchdigest",
    products: [
        .executable(name: "patchdigest", targets: ["patchdigest"]),
        .library(name: "PatchDigestKit", targets: ["Archive", "Mail", "Patches", "Series", "Review", "Digest", "Render", "Store"]),
        // The invariants the fuzz targets (Fuzz/, a package of its own) and the regression tests share.
        .library(name: "FuzzChecks", targets: ["FuzzChecks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        .target(name: "Mail"),
        // Mail for its calendar: mbox "From " lines carry dates.
        .target(name: "Archive", dependencies: ["Mail"]),
        .target(name: "Patches", dependencies: ["Mail"]),
        .target(name: "Series", dependencies: ["Patches", "Mail"]),
        // What replies say of the postings: trailers, who answered, attributed up the threads.
        .target(name: "Review", dependencies: ["Series", "Patches", "Mail"]),
        .target(name: "Digest", dependencies: ["Review", "Series", "Patches", "Mail", "Archive"]),
        .target(name: "Render", dependencies: ["Digest", "Series"]),
        .target(name: "Store", dependencies: [
            "Digest", "Series", "Patches", "Archive", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .executableTarget(name: "patchdigest", dependencies: [
            "Archive", "Digest", "Render", "Store",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Shared by the test targets only: fixture archives built with scripts/make-inbox.
        .target(name: "TestSupport", path: "Sources/TestSupport"),
        .testTarget(name: "MailTests", dependencies: ["Mail"]),
        .testTarget(name: "PatchesTests", dependencies: ["Patches", "Mail", "TestSupport"]),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive", "TestSupport"]),
        .testTarget(name: "SeriesTests", dependencies: ["Series", "Patches", "Mail", "TestSupport"]),
        .testTarget(name: "ReviewTests", dependencies: ["Review", "Mail"]),
        .testTarget(name: "DigestTests", dependencies: [
            "Digest", "Render", "Series", "Patches", "Mail", "Archive", "TestSupport",
        ]),
        .testTarget(name: "CLITests", dependencies: ["patchdigest", "TestSupport"]),
        // The formats; Golden/ (expected output) and Scripts/ (Python checkers) are read by path.
        .testTarget(name: "RenderTests", dependencies: ["Render", "Digest", "Series", "TestSupport", "patchdigest"],
                    exclude: ["Golden", "Scripts"]),
        .testTarget(name: "StoreTests", dependencies: [
            "patchdigest", "Store", "Digest", "Archive", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "FuzzChecks", dependencies: ["Archive", "Mail", "Patches", "Series", "Digest", "Render"],
                path: "Fuzz/Checks"),
        .testTarget(name: "HostileMailTests", dependencies: [
            "patchdigest", "Archive", "Mail", "Patches", "Series", "Digest", "Render", "FuzzChecks", "TestSupport",
        ], exclude: ["Regressions"]),
    ],
    swiftLanguageModes: [.v6]
)

// swift-tools-version:6.1
import PackageDescription

// Every target opts into the stricter upcoming features: existential types are spelled `any`; an
// import is internal unless a file says `public import`, and a member is visible only where its module
// is imported, so that each file's imports show which layers it stands on.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ipcase",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ipcase", targets: ["ipcase"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // The HTTP parts a channel handler writes (a 431 answered before any request exists).
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        // /metrics in the Prometheus text format.
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // The evidence package of a compliance assessment (a ZIP with its manifest).
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", exact: "0.9.20"),
        // The web console's pages.
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        // Property tests of the credit scoring (tests only).
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // Argon2id from the reference C library (apt: libargon2-dev).
        .systemLibrary(name: "CArgon2", pkgConfig: "libargon2", providers: [.apt(["libargon2-dev"])]),
        // Pure rules: no NIO, no PostgreSQL, no HTTP. Yams reads Policies/, Crypto hashes the event chain.
        .target(
            name: "IPCaseDomain",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                // SHA-256 for the event hash chain.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "IPCaseServer",
            dependencies: [
                "IPCaseDomain",
                "CArgon2",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "ipcase",
            dependencies: [
                "IPCaseServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // `swift run -c release PolicyDecisions`: see Benchmarks/README.md.
        .executableTarget(
            name: "PolicyDecisions",
            dependencies: ["IPCaseDomain"],
            path: "Benchmarks/PolicyDecisions",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IPCaseDomainTests",
            dependencies: ["IPCaseDomain", .product(name: "PropertyBased", package: "swift-property-based")],
            // RFC 6962 test vectors, read from the source tree (see Fixtures/merkle/README.md).
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IPCaseServerTests",
            dependencies: [
                "IPCaseServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)

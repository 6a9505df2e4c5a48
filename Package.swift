// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Merit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "merit", targets: ["merit"]),
        .executable(name: "merit-server", targets: ["merit-server"]),
        .library(name: "MeritCore", targets: ["MeritCore"]),
        .library(name: "MeritData", targets: ["MeritData"]),
        .library(name: "MeritEval", targets: ["MeritEval"]),
        .library(name: "MeritEthereum", targets: ["MeritEthereum"]),
        .library(name: "MeritBase", targets: ["MeritBase"]),
        .library(name: "MeritToken", targets: ["MeritToken"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/vapor/async-kit", from: "1.22.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
    ],
    // Each target declares exactly the modules its files import. No library target carries unsafe
    // flags, so the package can be depended on at a version; the fake OpenAI endpoint, which is test
    // support and no product, alone is optimised in debug builds (its n-gram model scores every
    // prompt character).
    targets: [
        // Debian's libxgboost-dev: the XGBoost C API.
        .systemLibrary(
            name: "CXGBoost",
            providers: [.apt(["libxgboost-dev"])]
        ),
        // Debian's libsqlite3-dev: the one SQLite in the process (Merit's own binding, MeritStore/SQLite).
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // Debian's libsecp256k1-dev: ECDSA with public-key recovery.
        .systemLibrary(
            name: "CSecp256k1",
            pkgConfig: "libsecp256k1",
            providers: [.apt(["libsecp256k1-dev"])]
        ),
        .target(name: "MeritBase"),
        .target(
            name: "MeritEthereum",
            dependencies: [
                "MeritBase", "CSecp256k1",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(name: "MeritCore", dependencies: ["MeritBase", "MeritEthereum", .product(name: "Yams", package: "Yams")]),
        .target(name: "MeritData", dependencies: ["MeritBase", "MeritCore", "MeritEthereum"]),
        .target(name: "MeritToken", dependencies: ["MeritBase", "MeritCore", "MeritEthereum", .product(name: "BigInt", package: "BigInt")]),
        .target(name: "MeritEval", dependencies: ["MeritBase", "MeritCore", "MeritData", "MeritEthereum", "CXGBoost", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "MeritStore",
            dependencies: [
                "MeritBase", "MeritCore", "MeritEthereum", "MeritToken", "CSQLite",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "AsyncKit", package: "async-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "MeritWatch",
            dependencies: [
                "MeritBase", "MeritCore", "MeritEthereum",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "MeritServer",
            dependencies: [
                "MeritBase", "MeritCore", "MeritData", "MeritEval", "MeritEthereum", "MeritStore", "MeritToken", "MeritWatch",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ]
        ),
        // What both executables share: storage and key options, error reporting. No HTTP server.
        .target(
            name: "MeritCommandLine",
            dependencies: [
                "MeritBase", "MeritCore", "MeritData", "MeritEval", "MeritEthereum", "MeritStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The command line. `merit serve` and `merit worker` run `merit-server`, so this executable does
        // not link the HTTP server.
        .executableTarget(
            name: "merit",
            dependencies: [
                "MeritBase", "MeritCommandLine", "MeritCore", "MeritData", "MeritEval", "MeritEthereum", "MeritStore", "MeritToken", "MeritWatch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // The registry server and job worker: the only executable with Hummingbird.
        .executableTarget(
            name: "merit-server",
            dependencies: [
                "MeritBase", "MeritCommandLine", "MeritEthereum", "MeritEval", "MeritServer", "MeritStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        // The fake OpenAI-compatible endpoint: test support, also run as a process by the benchmark.
        .target(
            name: "FakeOpenAI",
            dependencies: [
                "MeritBase", "MeritEthereum",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/Support/FakeOpenAI",
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .executableTarget(
            name: "fake-openai",
            dependencies: ["FakeOpenAI", .product(name: "Hummingbird", package: "hummingbird")],
            path: "Tests/Support/fake-openai"
        ),
        // Helpers and test tags shared by the test targets.
        .target(name: "TestSupport", path: "Tests/Support/TestSupport"),
        .testTarget(name: "MeritEthereumTests", dependencies: ["MeritBase", "MeritEthereum", "TestSupport", .product(name: "Crypto", package: "swift-crypto")],
                    exclude: ["Fixtures", "Python"]),
        .testTarget(name: "MeritCoreTests", dependencies: ["MeritCore", "TestSupport"]),
        .testTarget(name: "MeritTokenTests", dependencies: ["MeritToken", "MeritBase", "MeritCore", "MeritEthereum", "TestSupport", .product(name: "BigInt", package: "BigInt")],
                    exclude: ["Python"]),
        .testTarget(name: "MeritDataTests", dependencies: ["MeritData", "MeritCore", "MeritEthereum", "TestSupport"], exclude: ["Fixtures", "PIICorpus", "PIIHeldOut"]),
        .testTarget(name: "MeritEvalTests", dependencies: ["MeritBase", "MeritEval", "MeritData", "MeritCore", "MeritEthereum", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "MeritStoreTests", dependencies: ["MeritCore", "MeritStore", "MeritToken", "MeritEthereum", "TestSupport", .product(name: "SQLKit", package: "sql-kit"),
                                                           .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(name: "MeritServerTests", dependencies: ["MeritBase", "MeritCore", "MeritServer", "MeritStore", "MeritEthereum", "MeritEval", "MeritData", "MeritWatch", "TestSupport",
                                                            .product(name: "Hummingbird", package: "hummingbird"),
                                                            .product(name: "HummingbirdTesting", package: "hummingbird"),
                                                            .product(name: "HTTPTypes", package: "swift-http-types"),
                                                            .product(name: "Logging", package: "swift-log")],
                    exclude: ["Python"]),
        .testTarget(name: "MeritWatchTests", dependencies: ["MeritBase", "MeritCore", "MeritWatch", "FakeOpenAI", "MeritStore", "MeritEthereum", "TestSupport",
                                                           .product(name: "Hummingbird", package: "hummingbird")],
                    exclude: ["Python", "Fixtures"]),
        .testTarget(name: "MeritCLITests", dependencies: ["TestSupport"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)

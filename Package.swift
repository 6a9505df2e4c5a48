// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Merit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "merit", targets: ["merit"]),
        .library(name: "MeritCore", targets: ["MeritCore"]),
        .library(name: "MeritData", targets: ["MeritData"]),
        .library(name: "MeritEval", targets: ["MeritEval"]),
        .library(name: "MeritEthereum", targets: ["MeritEthereum"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/vapor/async-kit", from: "1.22.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // Debian's libxgboost-dev: the XGBoost C API.
        .systemLibrary(
            name: "CXGBoost",
            providers: [.apt(["libxgboost-dev"])]
        ),
        // Debian's libsecp256k1-dev: ECDSA with public-key recovery.
        .systemLibrary(
            name: "CSecp256k1",
            pkgConfig: "libsecp256k1",
            providers: [.apt(["libsecp256k1-dev"])]
        ),
        .target(
            name: "MeritEthereum",
            dependencies: [
                "CSecp256k1",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            // Optimised in debug builds too: scrypt and Keccak are 20-50x slower unoptimised, which
            // would make the keystore tests take minutes. The module has no code worth stepping through.
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(
            name: "MeritCore",
            dependencies: ["MeritEthereum", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "MeritData",
            dependencies: ["MeritCore", "MeritEthereum"]
        ),
        .target(
            name: "MeritEval",
            dependencies: ["MeritCore", "MeritData", "MeritEthereum", "CXGBoost"],
            // Optimised in debug builds too, so tests can run the bootstrap at its real 10,000 resamples.
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(
            name: "MeritStore",
            dependencies: [
                "MeritCore", "MeritEthereum",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "AsyncKit", package: "async-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "MeritServer",
            dependencies: [
                "MeritCore", "MeritData", "MeritEval", "MeritEthereum", "MeritStore", "MeritWatch",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "MeritWatch",
            dependencies: [
                "MeritCore", "MeritEval", "MeritEthereum", "MeritStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The fake OpenAI-compatible endpoint: test support, also run as a process by the benchmark.
        .target(
            name: "FakeOpenAI",
            dependencies: ["MeritEthereum", .product(name: "Hummingbird", package: "hummingbird")],
            path: "Tests/Support/FakeOpenAI",
            // Optimised in debug builds too: its n-gram model scores every prompt character.
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        // Helpers shared by the test targets that drive real third-party clients.
        .target(name: "TestSupport", path: "Tests/Support/TestSupport"),
        .executableTarget(
            name: "fake-openai",
            dependencies: ["FakeOpenAI", .product(name: "Hummingbird", package: "hummingbird")],
            path: "Tests/Support/fake-openai"
        ),
        .executableTarget(
            name: "merit",
            dependencies: [
                "MeritCore", "MeritData", "MeritEval", "MeritEthereum", "MeritStore", "MeritServer", "MeritWatch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "MeritEthereumTests", dependencies: ["MeritEthereum", .product(name: "Crypto", package: "swift-crypto")],
                    exclude: ["Fixtures", "Python"]),
        .testTarget(name: "MeritCoreTests", dependencies: ["MeritCore"]),
        .testTarget(name: "MeritDataTests", dependencies: ["MeritData", "MeritCore", "MeritEthereum"], exclude: ["Fixtures"]),
        .testTarget(name: "MeritEvalTests", dependencies: ["MeritEval", "MeritData", "MeritCore", "MeritEthereum"]),
        .testTarget(name: "MeritStoreTests", dependencies: ["MeritStore", .product(name: "SQLKit", package: "sql-kit"),
                                                           .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(name: "MeritServerTests", dependencies: ["MeritServer", "MeritStore", "MeritEthereum", "MeritEval", "MeritData", "MeritWatch", "TestSupport",
                                                            .product(name: "HummingbirdTesting", package: "hummingbird")],
                    exclude: ["Python"]),
        .testTarget(name: "MeritWatchTests", dependencies: ["MeritWatch", "FakeOpenAI", "MeritStore", "MeritEthereum", "TestSupport",
                                                           .product(name: "Hummingbird", package: "hummingbird"),
                                                           .product(name: "HummingbirdTesting", package: "hummingbird")],
                    exclude: ["Python"]),
        .testTarget(name: "MeritCLITests", dependencies: ["MeritCore", "TestSupport"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)

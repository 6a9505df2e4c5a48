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
    ],
    targets: [
        // Debian's libxgboost-dev: the XGBoost C API.
        .systemLibrary(
            name: "CXGBoost",
            providers: [.apt(["libxgboost-dev"])]
        ),
        .target(
            name: "MeritEthereum"
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
            dependencies: ["MeritCore", "MeritData", "MeritEthereum", "CXGBoost"]
        ),
        .executableTarget(
            name: "merit",
            dependencies: [
                "MeritCore", "MeritData", "MeritEval", "MeritEthereum",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "MeritEthereumTests", dependencies: ["MeritEthereum"]),
        .testTarget(name: "MeritCoreTests", dependencies: ["MeritCore"]),
        .testTarget(name: "MeritDataTests", dependencies: ["MeritData", "MeritCore", "MeritEthereum"]),
        .testTarget(name: "MeritEvalTests", dependencies: ["MeritEval", "MeritData", "MeritCore"]),
        .testTarget(name: "MeritCLITests", dependencies: ["MeritCore"]),
    ],
    swiftLanguageModes: [.v6]
)

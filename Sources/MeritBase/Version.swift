/// The version of Merit, recorded in every report so a result names the code that produced it.
public enum MeritVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}

/// The service's version, as `ipcase --version` prints it; `/openapi.yaml` states the same (a test checks).
public enum ServiceVersion {
    public static let current = "0.5.0"
}

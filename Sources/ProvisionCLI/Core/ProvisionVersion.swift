/// The version of `provision`, printed by `provision --version`.
///
/// The one place the version is written: the package has no version field of its own (SwiftPM
/// takes a package's version from its git tags), so a release bumps this constant and tags the
/// commit `v` + ``ProvisionVersion/string``; README.md and docs/cli.md name this file, and a
/// test checks that the README states the same version.
public enum ProvisionVersion {
    /// The semantic version, `MAJOR.MINOR.PATCH`.
    public static let string = "0.13.0"
}

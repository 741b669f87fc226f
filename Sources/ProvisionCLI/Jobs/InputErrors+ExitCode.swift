import CSV
import Provisioning
import Reports

// The errors of the modules below that mean "this input (or this call) cannot be used", all
// raised before anything is written: exit 2. What is not listed here (a backend's own errors,
// such as SQLiteError or a failed password hash, a failed write halfway, Foundation's errors,
// a bug) is an internal failure, exit 70.

extension CSVError: ExitCodeCarrying {
    /// A file that cannot be read (encoding, quoting, limits, header): exit 2.
    public var exitCode: ExitCode { .usageOrInput }
}

extension IntakeError: ExitCodeCarrying {
    /// An input file's header or options do not fit (unknown header, missing column, bad map): exit 2.
    public var exitCode: ExitCode { .usageOrInput }
}

extension CatalogError: ExitCodeCarrying {
    /// A catalog file with a bad row: exit 2.
    public var exitCode: ExitCode { .usageOrInput }
}

extension LicensingRule.RowProblem: ExitCodeCarrying {
    /// A rules file with a bad row: exit 2.
    public var exitCode: ExitCode { .usageOrInput }
}

extension Violation: ExitCodeCarrying {
    /// A rule broken by what the command line or a sample file asks (a rule naming an unknown product): exit 2.
    public var exitCode: ExitCode { .usageOrInput }
}

extension GraphImportError: ExitCodeCarrying {
    /// A Microsoft Graph export that cannot be imported (bad JSON, a broken page chain, a value
    /// that breaks a rule): exit 2, nothing imported.
    public var exitCode: ExitCode { .usageOrInput }
}

extension GraphImportErrors: ExitCodeCarrying {
    /// Several such problems, all named at once: exit 2.
    public var exitCode: ExitCode { .usageOrInput }
}

extension PlanFileError: ExitCodeCarrying {
    /// A saved plan that cannot be read, or a plan file that cannot be created: exit 2.
    public var exitCode: ExitCode { .usageOrInput }
}

extension ReportError: ExitCodeCarrying {
    /// A report or sheet that cannot be opened, a bad format or recipient: exit 2, all checked
    /// before anything is applied. A write that fails on an open file (`ioFailed`) can come
    /// halfway through a run: exit 70.
    public var exitCode: ExitCode {
        if case .ioFailed = self { return .internalFailure }
        return .usageOrInput
    }
}

extension StoreError: ExitCodeCarrying {
    /// No store, not a store, a newer schema, a store that cannot be reached, an unknown
    /// customer or product, a refused value: exit 2, nothing written (every backend throws these
    /// before it writes).
    public var exitCode: ExitCode { .usageOrInput }
}

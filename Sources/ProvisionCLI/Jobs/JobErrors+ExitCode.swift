import Provisioning

extension JobError: ExitCodeCarrying {
    /// A stale or already applied plan exits 3 (like a busy lock); an unknown customer, a
    /// weaker role or a full-set run without a Licenses column is an input error (2).
    public var exitCode: ExitCode {
        switch self {
        case .stalePlan, .planAlreadyApplied: return .staleOrLocked
        case .unknownCustomer, .noCustomer, .weakerRole: return .usageOrInput
        case .exactWithoutLicensesColumn: return .usageOrInput
        }
    }
}

extension LockBusy: ExitCodeCarrying {
    /// Another job holds the lock: exit 3.
    public var exitCode: ExitCode { .staleOrLocked }
}

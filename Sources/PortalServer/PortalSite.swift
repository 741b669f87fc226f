import Foundation
import HTTPServer
import Portal
import PortalSessions
import Provisioning

/// The portal's routes over the HTTP server (docs/serve.md): the login, the sign-out, and
/// every page and action of ``Portal`` behind a session.
///
/// The store comes as a closure that opens it for each request (``Configuration/open``), so the
/// portal names no backend and no connection is shared between threads. The sessions
/// (``PortalSessions/SessionManager``) check every request: GET pages need a signed-in session
/// (else 303 to `/login`), POST actions also the form's CSRF token and the role
/// (`authorizeChange`; 403 with nothing changed).
public enum PortalSite {
    /// What the portal needs from the surface that serves it.
    public struct Configuration: Sendable {
        /// Opens the store (each request opens its own).
        public var open: @Sendable () throws -> any ProvisionStore
        /// The sessions, over the operators of the same store.
        public var sessions: SessionManager
        /// "Now" for the jobs and the pages.
        public var clock: @Sendable () -> Date
        /// Passwords, object ids, upload and sheet ids.
        public var random: RandomSource
        /// A private folder (0700) for uploaded files and their saved plans.
        public var workFolder: String
        /// The largest upload accepted, in bytes.
        public var maxUploadBytes: Int
        /// Seconds a job waits for another job's lock on the customer.
        public var lockWait: TimeInterval

        /// Creates a configuration.
        public init(open: @escaping @Sendable () throws -> any ProvisionStore, sessions: SessionManager,
                    clock: @escaping @Sendable () -> Date, random: RandomSource, workFolder: String,
                    maxUploadBytes: Int = 10 << 20, lockWait: TimeInterval = 5) {
            self.open = open
            self.sessions = sessions
            self.clock = clock
            self.random = random
            self.workFolder = workFolder
            self.maxUploadBytes = maxUploadBytes
            self.lockWait = lockWait
        }
    }

    /// The router of every portal page.
    public static func router(_ configuration: Configuration) -> HTTPRouter {
        let portal = PortalHandlers(configuration)
        var router = HTTPRouter()
        router.get("/health") { context in HealthPage.response(context) }
        router.get("/") { _ in PortalResponse.redirect(PortalPaths.customers) }
        router.get(PortalPaths.styleSheet) { _ in PortalResponse.styleSheet() }
        LoginRoutes.add(to: &router, portal)
        CustomerRoutes.add(to: &router, portal)
        UploadRoutes.add(to: &router, portal)
        return router
    }

    /// A session event as a log line: without the client address (the log holds no personal
    /// data beyond the operator's name) and never a password, session id or token.
    public static func logLine(_ event: SessionEvent) -> String {
        switch event {
        case .signedIn(let name, _): return "portal: sign-in: operator \(name)\n"
        case .signInFailed(let name, _): return "portal: sign-in failed: " + (name.map { "operator \($0)" } ?? "an unknown name") + "\n"
        case .signInThrottled(_, let seconds): return "portal: sign-in throttled, retry after \(seconds) s\n"
        case .csrfRejected, .signedOut, .sessionEnded: return "portal: \(event)\n"
        }
    }
}

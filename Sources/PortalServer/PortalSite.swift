import HTTPServer
import Provisioning

/// The portal's routes over the HTTP server (docs/serve.md).
///
/// For now: `GET /health` (is it up, and who it thinks the client is) and `GET /` (the
/// customers in the store). The store comes as a closure that opens it for each request, so
/// the portal knows no SQL and no connection is shared between threads.
public enum PortalSite {
    /// What the pages read from the store.
    public struct Store: Sendable {
        /// Every customer, sorted by id.
        public var customers: @Sendable () throws -> [Customer]

        /// Creates the store's view.
        public init(customers: @escaping @Sendable () throws -> [Customer]) {
            self.customers = customers
        }
    }

    /// The router of every portal page.
    public static func router(store: Store) -> HTTPRouter {
        var router = HTTPRouter()
        router.get("/health") { context in HealthPage.response(context) }
        router.get("/") { _ in CustomersPage.response(customers: try store.customers()) }
        return router
    }
}

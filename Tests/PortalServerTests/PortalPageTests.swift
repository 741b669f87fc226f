import Testing
import HTTPServer
import Provisioning
@testable import PortalServer

/// The portal's first pages: the customers index (escaped, with strict headers) and health.
@Suite struct PortalPageTests {
    struct StoreDown: Error {}

    static func get(_ target: String, customers: @escaping @Sendable () throws -> [Customer],
                    headers: [(String, String)] = [], peer: String = "127.0.0.1",
                    trusted: Set<String> = []) -> (HTTPResponse, String) {
        let request = HTTPRequest(method: "GET", target: target, version: .http11, headers: HTTPHeaders(headers))
        let response = PortalSite.router(store: PortalSite.Store(customers: customers))
            .respond(to: HTTPRequestContext(request: request, peerAddress: peer, trustedProxies: trusted))
        guard case .bytes(let body) = response.body else { return (response, "") }
        return (response, String(decoding: body, as: UTF8.self))
    }

    @Test func indexListsCustomersWithEveryValueEscaped() {
        let hostile = Customer(id: "evil", name: "<script>alert(1)</script> & \"Co\"", domains: ["evil.example"],
                               defaultUsageLocation: "DE")
        let plain = Customer(id: "contoso", name: "Contoso Ltd.", domains: ["contoso.com", "contoso.de"], defaultUsageLocation: "US")
        let (response, body) = PortalPageTests.get("/", customers: { [plain, hostile] })
        #expect(response.status == 200)
        #expect(body.contains("<td>contoso</td><td>Contoso Ltd.</td><td>US</td><td>contoso.com, contoso.de</td>"))
        #expect(body.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;"))
        #expect(!body.contains("<script"))
        #expect(body.contains("<caption>2 customers</caption>"))
        #expect(response.header("Content-Security-Policy")?.hasPrefix("default-src 'none'") == true)
        #expect(response.header("X-Content-Type-Options") == "nosniff")
        #expect(response.header("Content-Type") == "text/html; charset=utf-8")
    }

    @Test func indexOfAnEmptyStoreSaysSo() {
        let (_, body) = PortalPageTests.get("/", customers: { [] })
        #expect(body.contains("<p>The store has no customers.</p>"))
    }

    @Test func aStoreErrorIsA500WithNothingOfTheError() {
        let (response, body) = PortalPageTests.get("/", customers: { throw StoreDown() })
        #expect(response.status == 500)
        #expect(!body.contains("StoreDown"))
    }

    @Test func healthShowsTheForwardedClientOnlyFromTheTrustedProxy() {
        let forwarded = [("X-Forwarded-For", "198.51.100.4"), ("X-Forwarded-Proto", "https")]
        let (_, trusted) = PortalPageTests.get("/health", customers: { [] }, headers: forwarded, trusted: ["127.0.0.1"])
        #expect(trusted == "status: ok\nclient: 198.51.100.4\nscheme: https\n")
        let (_, untrusted) = PortalPageTests.get("/health", customers: { [] }, headers: forwarded, peer: "127.0.0.5",
                                                  trusted: ["127.0.0.1"])
        #expect(untrusted == "status: ok\nclient: 127.0.0.5\nscheme: http\n")
    }
}

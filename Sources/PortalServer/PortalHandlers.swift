import Foundation
import HTTPServer
import Portal
import PortalSessions
import Provisioning

/// What every route shares: the session check, the store, the job settings and the mapping of
/// errors to statuses (docs/portal.md: an unknown customer or user is 404, a forbidden action
/// 403, a refused run the error page with the portal's words).
final class PortalHandlers: Sendable {
    let configuration: PortalSite.Configuration
    let sheets = CredentialSheets()
    let uploads = UploadRecords()

    init(_ configuration: PortalSite.Configuration) {
        self.configuration = configuration
    }

    var sessions: SessionManager { configuration.sessions }

    /// The request's `Cookie` fields as one header text.
    static func cookies(_ context: HTTPRequestContext) -> String? {
        let values = context.request.headers.values("Cookie")
        return values.isEmpty ? nil : values.joined(separator: "; ")
    }

    /// A form posted as `application/x-www-form-urlencoded`.
    static func form(_ context: HTTPRequestContext) -> FormData {
        FormData.parse(String(decoding: context.request.body, as: UTF8.self))
    }

    /// The query as form data.
    static func query(_ context: HTTPRequestContext) -> FormData {
        FormData(context.query.map { ($0.name, $0.value) })
    }

    /// The page context of a signed-in session.
    static func pageContext(_ session: PortalSession) -> PageContext? {
        guard let name = session.operatorName, let role = session.role else { return nil }
        return PageContext(operatorName: name, role: role, csrfToken: session.csrfToken)
    }

    /// The job settings for the operator now.
    func settings(_ page: PageContext) -> PortalJob.Settings {
        PortalJob.Settings(role: page.role, operatorName: page.operatorName, now: configuration.clock(),
                           random: configuration.random, lockWait: configuration.lockWait,
                           temporaryDirectory: configuration.workFolder, clock: configuration.clock)
    }

    /// A GET page: a signed-in session (else 303 to the login page), then `render`.
    func page(_ context: HTTPRequestContext, operation: Provisioning.Operation? = nil,
              _ render: (PageContext, any ProvisionStore) throws -> HTTPResponse) throws -> HTTPResponse {
        switch try sessions.authorize(cookieHeader: Self.cookies(context), operation: operation) {
        case .allowed(let session):
            guard let page = Self.pageContext(session) else { return PortalResponse.redirect(PortalPaths.login) }
            return try guarded(page) { try render(page, try configuration.open()) }
        case .signInRequired, .csrfRejected:
            return PortalResponse.redirect(PortalPaths.login)
        case .forbidden(let violation):
            return forbidden(violation.message, session: try sessions.session(cookieHeader: Self.cookies(context)))
        }
    }

    /// A POST action: a signed-in session, the form's CSRF token and the role
    /// (`authorizeChange`, checked before anything of the form is read), then `change`.
    /// - Parameter form: the form's fields (a multipart reader gives its own).
    func action(_ context: HTTPRequestContext, operation: Provisioning.Operation?, form: FormData? = nil,
                _ change: (FormData, PageContext, any ProvisionStore) throws -> HTTPResponse) throws -> HTTPResponse {
        let fields = form ?? Self.form(context)
        let cookie = Self.cookies(context)
        switch try sessions.authorizeChange(cookieHeader: cookie, csrfToken: fields.value(PortalSession.csrfFieldName),
                                            operation: operation) {
        case .allowed(let session):
            guard let page = Self.pageContext(session) else { return PortalResponse.redirect(PortalPaths.login) }
            return try guarded(page) { try change(fields, page, try configuration.open()) }
        case .signInRequired:
            return PortalResponse.redirect(PortalPaths.login)
        case .csrfRejected:
            return PortalResponse.text("403 Forbidden: the form's security token is missing or out of date; "
                                       + "reload the page and try again. Nothing was changed.\n", status: 403)
        case .forbidden(let violation):
            return forbidden(violation.message, session: try sessions.session(cookieHeader: cookie))
        }
    }

    /// Runs `body`, answering the portal's errors with their pages.
    func guarded(_ page: PageContext, _ body: () throws -> HTTPResponse) throws -> HTTPResponse {
        do {
            return try body()
        } catch let error as PortalError {
            switch error {
            case .forbidden(let message):
                return PortalResponse.html(ErrorPage.render(title: "Not allowed", message: message, context: page), status: 403)
            case .unknownCustomer, .notFound:
                return PortalResponse.html(ErrorPage.render(title: "Not found", message: error.description, context: page),
                                           status: 404)
            }
        } catch let error as JobError {
            return refused(error, page)
        } catch let error as LockBusy {
            return refused(error, page)
        }
    }

    /// A run refused before it started: 409 with the portal's words.
    func refused(_ error: Error, _ page: PageContext) -> HTTPResponse {
        PortalResponse.html(ErrorPage.render(title: "Not done", message: PortalMessages.describe(error), context: page), status: 409)
    }

    /// 404 for a signed-in operator.
    func notFound(_ what: String, _ page: PageContext) -> HTTPResponse {
        PortalResponse.html(ErrorPage.render(title: "Not found", message: "\(what) was not found", context: page), status: 404)
    }

    private func forbidden(_ message: String, session: PortalSession?) -> HTTPResponse {
        guard let session, let page = Self.pageContext(session) else {
            return PortalResponse.text("403 Forbidden: \(message)\n", status: 403)
        }
        return PortalResponse.html(ErrorPage.render(title: "Not allowed", message: message, context: page), status: 403)
    }

    /// A fresh id for an upload or a sheet: 128 random bits as 32 hex digits.
    func newID() -> String {
        configuration.random.bytes(16).map { String(format: "%02x", $0) }.joined()
    }
}

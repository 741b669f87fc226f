import CSV
import Foundation
import HTTPServer
import Portal
import Provisioning

/// Upload a CSV: the form (GET), the file (POST multipart: kept in the private work folder, read
/// and planned as `plan --out`, nothing written: the Preview), the Preview again (GET), and
/// Commit (POST: exactly the saved plan, refused with "re-run the preview" when the directory
/// changed since, as `apply PLAN.json`).
///
/// The body is streamed (`HTTPRouter.upload`): the multipart parser writes the file to a private
/// 0600 file in the work folder as it arrives, at most ``PortalSite/Configuration/maxUploadBytes``
/// (413 past it); nothing of it is held in memory.
enum UploadRoutes {
    static let fileField = "file"

    static func add(to router: inout HTTPRouter, _ portal: PortalHandlers) {
        let c = "/customers/{customer}"
        let maxBytes = portal.configuration.maxUploadBytes
        router.get(c + "/uploads") { context in
            try portal.page(context) { page, store in
                .html(try PortalPages.upload(customerID: CustomerRoutes.customer(context), directory: store, context: page,
                                             maxBytes: maxBytes))
            }
        }
        // The body is streamed: the file goes to a private file the parser names in the work
        // folder, so a signed-in session is checked first, the CSRF token once the fields are read.
        router.upload(c + "/uploads", maxBodyBytes: maxBytes + formAllowance) { context, body in
            guard case .allowed = try portal.sessions.authorize(cookieHeader: PortalHandlers.cookies(context), operation: nil) else {
                return PortalResponse.redirect(PortalPaths.login)
            }
            let form: HTTPMultipartForm
            do {
                form = try HTTPMultipartForm.read(contentType: context.request.headers.first("Content-Type"), body: body,
                                                  folder: try uploadFolder(portal), limits: HTTPFormLimits(maxFiles: 1))
            } catch let error as HTTPFormError {
                return tooLarge(error, context, portal) ?? PortalResponse.text("\(error.status) \(error.reason)\n",
                                                                               status: error.status)
            }
            let fields = FormData(form.fields.map { ($0.name, $0.value) })
            do {
                let response = try portal.action(context, operation: nil, form: fields) { fields, page, store in
                    try preview(form.file(fileField), form: fields, context: context, page: page, store: store, portal: portal)
                }
                if response.status != 200 { form.removeFiles() }
                return response
            } catch {
                form.removeFiles()
                throw error
            }
        }
        router.get(c + "/uploads/{upload}") { context in
            try portal.page(context) { page, store in
                let frame = try PageLayout.CustomerFrame.load(directory: store, customerID: CustomerRoutes.customer(context),
                                                              tab: .upload)
                guard let upload = portal.uploads.find(context.parameters["upload"] ?? "", operatorName: page.operatorName,
                                                       customerID: frame.customer.id) else {
                    return portal.notFound("The upload", page)
                }
                return .html(UploadPage.preview(upload.preview, frame: frame, context: page))
            }
        }
        router.post(c + "/uploads/{upload}/commit") { context in
            try portal.action(context, operation: nil) { _, page, store in
                try commit(context, page: page, store: store, portal: portal)
            }
        }
    }

    /// The room a form's other fields and the multipart framing take besides the file.
    static let formAllowance = 64 * 1024

    /// The upload form with "too large" when the server stopped the body at the route's limit.
    static func tooLarge(_ error: HTTPFormError, _ context: HTTPRequestContext, _ portal: PortalHandlers) -> HTTPResponse? {
        guard error.status == 413 else { return nil }
        return try? portal.page(context) { page, store in
            let frame = try PageLayout.CustomerFrame.load(directory: store, customerID: CustomerRoutes.customer(context), tab: .upload)
            let maxBytes = portal.configuration.maxUploadBytes
            return PortalResponse.html(UploadPage.render(frame: frame, context: page, maxBytes: maxBytes,
                                                         problems: [sizeProblem(maxBytes)]), status: 413)
        }
    }

    static func sizeProblem(_ maxBytes: Int) -> FieldProblem {
        FieldProblem(field: fileField, "The file is larger than the limit of \(max(1, maxBytes / 1_048_576)) MiB.")
    }

    /// Plans the file the parser kept and shows the Preview (or the form with the file's problem).
    static func preview(_ file: HTTPMultipartForm.File?, form: FormData, context: HTTPRequestContext, page: PageContext,
                        store: any ProvisionStore, portal: PortalHandlers) throws -> HTTPResponse {
        let maxBytes = portal.configuration.maxUploadBytes
        let frame = try PageLayout.CustomerFrame.load(directory: store, customerID: CustomerRoutes.customer(context), tab: .upload)
        func again(_ problem: FieldProblem, status: Int) -> HTTPResponse {
            PortalResponse.html(UploadPage.render(frame: frame, context: page, maxBytes: maxBytes, problems: [problem]),
                                status: status)
        }
        guard let file, file.size > 0 else { return again(FieldProblem(field: fileField, "Choose a CSV file."), status: 422) }
        guard file.size <= maxBytes else { return again(sizeProblem(maxBytes), status: 413) }
        let id = portal.newID()
        let planPath = try uploadFolder(portal) + "/\(id).plan.json"
        let fileName = displayName(file.filename)
        do {
            let model = try PortalUpload.preview(path: file.path, fileName: fileName,
                                                 encoding: form.value(PortalUpload.encodingField), uploadID: id,
                                                 customerID: frame.customer.id, planPath: planPath,
                                                 directory: store, settings: portal.settings(page))
            portal.uploads.keep(UploadRecords.Upload(operatorName: page.operatorName, customerID: frame.customer.id,
                                                     filePath: file.path, planPath: planPath, preview: model,
                                                     createdAt: portal.configuration.clock()), id: id)
            return .html(UploadPage.preview(model, frame: frame, context: page))
        } catch let error where error is CSVError || error is IntakeError {
            try? FileManager.default.removeItem(atPath: planPath)
            return again(PortalUpload.problem(error), status: 422)
        } catch {
            try? FileManager.default.removeItem(atPath: planPath)
            throw error
        }
    }

    /// The last path component of the browser's file name (some send `C:\…\users.csv`), at
    /// most 200 characters; the name is shown escaped, never used as a path.
    static func displayName(_ filename: String) -> String {
        // The parser writes a `\` as `\x5C` (and only a `\` starts such an escape).
        let last = filename.replacingOccurrences(of: "\\x5C", with: "/").split(separator: "/").last.map(String.init) ?? ""
        return last.isEmpty ? "upload.csv" : String(last.prefix(200))
    }

    /// Applies the saved plan; a stale one is refused on the Preview with "re-run the preview".
    static func commit(_ context: HTTPRequestContext, page: PageContext, store: any ProvisionStore,
                       portal: PortalHandlers) throws -> HTTPResponse {
        let frame = try PageLayout.CustomerFrame.load(directory: store, customerID: CustomerRoutes.customer(context), tab: .upload)
        let id = context.parameters["upload"] ?? ""
        guard let upload = portal.uploads.find(id, operatorName: page.operatorName, customerID: frame.customer.id) else {
            return portal.notFound("The upload", page)
        }
        do {
            let result = try PortalUpload.commit(planPath: upload.planPath, directory: store, settings: portal.settings(page))
            portal.uploads.remove(id)
            let link = try CustomerRoutes.keepSheet(portal, page, frame.customer.id)(result.credentials)
            let after = try PageLayout.CustomerFrame.load(directory: store, customerID: frame.customer.id, tab: .users)
            return .html(LicensesUpdatedPage.render(reportHTML: result.reportHTML, frame: after, context: page,
                                                    credentialsLink: link))
        } catch let error as JobError {
            let problem = FieldProblem(field: nil, PortalMessages.describe(error))
            return PortalResponse.html(UploadPage.preview(upload.preview, frame: frame, context: page, problems: [problem]),
                                       status: 409)
        }
    }

    /// `WORK/uploads`, made private (0700) when missing.
    static func uploadFolder(_ portal: PortalHandlers) throws -> String {
        let folder = portal.configuration.workFolder + "/uploads"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        return folder
    }
}

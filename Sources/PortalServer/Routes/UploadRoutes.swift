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
/// For now the body comes whole in memory, bounded by the server's body limit
/// (``PortalSite/Configuration/maxUploadBytes``); the file is then written to disk (0600).
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
        router.post(c + "/uploads") { context in
            guard let boundary = MultipartBody.boundary(context.request.headers.first("Content-Type")),
                  let body = MultipartBody(context.request.body, boundary: boundary, fileField: fileField) else {
                return PortalResponse.text("400 Bad Request: expected the upload form (multipart/form-data)\n", status: 400)
            }
            return try portal.action(context, operation: nil, form: FormData(body.fields)) { form, page, store in
                try preview(body, form: form, context: context, page: page, store: store, portal: portal)
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

    /// Keeps the file, plans it and shows the Preview (or the form with the file's problem).
    static func preview(_ body: MultipartBody, form: FormData, context: HTTPRequestContext, page: PageContext,
                        store: any ProvisionStore, portal: PortalHandlers) throws -> HTTPResponse {
        let maxBytes = portal.configuration.maxUploadBytes
        let frame = try PageLayout.CustomerFrame.load(directory: store, customerID: CustomerRoutes.customer(context), tab: .upload)
        func again(_ problem: FieldProblem, status: Int) -> HTTPResponse {
            PortalResponse.html(UploadPage.render(frame: frame, context: page, maxBytes: maxBytes, problems: [problem]),
                                status: status)
        }
        guard let file = body.file, !file.bytes.isEmpty else {
            return again(FieldProblem(field: fileField, "Choose a CSV file."), status: 422)
        }
        guard file.bytes.count <= maxBytes else {
            return again(FieldProblem(field: fileField, "The file is larger than the limit of \(maxBytes / 1_048_576) MiB."),
                         status: 413)
        }
        let id = portal.newID()
        let folder = try uploadFolder(portal)
        let filePath = folder + "/\(id).csv", planPath = folder + "/\(id).plan.json"
        func removeFiles() {
            try? FileManager.default.removeItem(atPath: filePath)
            try? FileManager.default.removeItem(atPath: planPath)
        }
        guard FileManager.default.createFile(atPath: filePath, contents: Data(file.bytes),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        do {
            let model = try PortalUpload.preview(path: filePath, fileName: file.fileName,
                                                 encoding: form.value(PortalUpload.encodingField), uploadID: id,
                                                 customerID: frame.customer.id, planPath: planPath,
                                                 directory: store, settings: portal.settings(page))
            portal.uploads.keep(UploadRecords.Upload(operatorName: page.operatorName, customerID: frame.customer.id,
                                                     filePath: filePath, planPath: planPath, preview: model,
                                                     createdAt: portal.configuration.clock()), id: id)
            return .html(UploadPage.preview(model, frame: frame, context: page))
        } catch let error where error is CSVError || error is IntakeError {
            removeFiles()
            return again(PortalUpload.problem(error), status: 422)
        } catch {
            removeFiles()
            throw error
        }
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

import Provisioning

/// "Upload a CSV": the file input (a multipart POST with the CSRF field) and the encoding
/// select for legacy files; then the Preview (nothing written), whose Commit form applies
/// exactly that saved plan; and the progress page of a large file run in the background.
public enum UploadPage {
    /// Encodings offered besides detection (BOM, UTF-8): the CLI's `--encoding` values most
    /// legacy Excel files need. Any name iconv knows works on the command line.
    public static let encodings: [(String, String)] = [
        ("", "Detect (UTF-8, or UTF-16 with a byte-order mark)"), ("cp1252", "Western European (Windows-1252)"),
        ("cp950", "Traditional Chinese (Big5, CP950)"), ("gb18030", "Simplified Chinese (GB18030)"),
        ("shift_jis", "Japanese (Shift JIS)"), ("cp949", "Korean (CP949)"), ("cp1250", "Central European (Windows-1250)"),
        ("utf-16le", "UTF-16 LE without a byte-order mark"),
    ]

    /// The upload form.
    /// - Parameter maxBytes: the size limit the server enforces, said on the page.
    public static func render(frame: PageLayout.CustomerFrame, context: PageContext, maxBytes: Int,
                              problems: [FieldProblem] = []) -> String {
        var body = "<h1>Upload a CSV</h1>\n" + FormHTML.errorSummary(problems)
        body += "<p>Any file the command line reads: the native format, Partner Center's and the Microsoft 365 admin "
            + "center's bulk-add templates, Entra ID's bulk create, delete and restore templates. Nothing is changed "
            + "until you commit the preview.</p>\n"
        var fields = FormHTML.text("file", label: "CSV file", type: "file", required: true,
                                   hint: "At most \(HTML.count(maxBytes / 1_048_576)) MiB",
                                   error: problems.first { $0.field == "file" }?.message)
        fields = fields.replacingOccurrences(of: "type=\"file\"", with: "type=\"file\" accept=\".csv,.txt,text/csv\"")
        fields += FormHTML.select("encoding", label: "Encoding", options: encodings, selected: "",
                                  hint: "Only for a legacy file saved without UTF-8")
        fields += "<div class=\"actions\">" + FormHTML.button("Preview") + "</div>\n"
        body += FormHTML.post(action: PortalPaths.uploads(frame.customer.id), context: context, multipart: true, fields)
        return PageLayout.page(title: "Upload a CSV", context: context, frame: frame, body: body)
    }

    /// The Preview: what was recognised, the shortfalls, the plan, and the Commit form.
    /// - Parameter problems: why a Commit was refused (a stale plan: "re-run the preview").
    public static func preview(_ model: UploadPreviewModel, frame: PageLayout.CustomerFrame, context: PageContext,
                               problems: [FieldProblem] = []) -> String {
        let id = frame.customer.id
        var body = "<h1>Preview: \(HTML.e(model.fileName))</h1>\n" + FormHTML.errorSummary(problems)
        body += "<p class=\"notice\">Nothing has been changed yet. This is what committing the file will do.</p>\n"
        body += "<section aria-labelledby=\"recognised\"><h2 id=\"recognised\">What was recognised</h2><dl class=\"facts\">"
            + "<dt>Template</dt><dd>\(HTML.e(model.input.format.title))</dd>"
            + "<dt>Delimiter</dt><dd><code>\(HTML.e(model.delimiter))</code></dd>"
            + "<dt>Encoding</dt><dd>\(HTML.e(model.encoding))</dd>"
            + "<dt>Unused columns</dt><dd>"
            + (model.input.unusedColumns.isEmpty ? "None" : HTML.e(model.input.unusedColumns.map(\.header).joined(separator: ", ")))
            + "</dd><dt>Warnings</dt><dd>\(HTML.count(model.input.warnings.count + model.input.omittedWarnings))</dd></dl></section>\n"
        if !model.shortfalls.isEmpty {
            body += "<div class=\"notice warning\"><p>Not enough seats:</p><ul>"
                + model.shortfalls.map { "<li>\(HTML.e($0.displayName)): buy \(HTML.count($0.shortfall)) more</li>" }.joined()
                + "</ul>" + HTML.link("Buy more", href: PortalPaths.seats(id)) + "</div>\n"
        }
        body += model.reportHTML
        if model.changes > 0 {
            body += FormHTML.post(action: PortalPaths.commit(id, uploadID: model.uploadID), context: context,
                                  "<p>Commit applies exactly this plan. If the directory changed since the preview, the commit "
                                  + "is refused and you re-run the preview.</p><div class=\"actions\">"
                                  + FormHTML.button("Commit") + HTML.link("Upload another file", href: PortalPaths.uploads(id))
                                  + "</div>\n")
        } else {
            body += "<p>Nothing to commit. " + HTML.link("Upload another file", href: PortalPaths.uploads(id)) + "</p>\n"
        }
        return PageLayout.page(title: "Preview", context: context, frame: frame, body: body)
    }

    /// The progress page of a background job (no script: a Refresh link updates it).
    public static func progress(_ model: JobProgressModel, frame: PageLayout.CustomerFrame, context: PageContext) -> String {
        let link = PortalPaths.job(frame.customer.id, jobID: model.jobID)
        var body = "<h1>Applying \(HTML.e(model.fileName))</h1>\n<p>State: <strong>\(model.state.rawValue)</strong></p>\n"
        if let total = model.total, total > 0 {
            body += "<p><label for=\"job-progress\">\(HTML.count(model.handled)) of \(HTML.count(total)) users handled</label> "
                + "<progress id=\"job-progress\" max=\"\(total)\" value=\"\(min(model.handled, total))\"></progress></p>\n"
        } else {
            body += "<p>\(HTML.count(model.handled)) users handled so far.</p>\n"
        }
        if let message = model.message { body += "<p class=\"error\">\(HTML.e(message))</p>\n" }
        body += "<div class=\"actions\">" + HTML.link(model.state == .finished ? "See the result" : "Refresh", href: link, className: "button")
            + "</div>\n<p class=\"hint\">This page does not refresh by itself. The job goes on if you leave it; "
            + "a job stopped by a restart resumes where it stopped.</p>\n"
        return PageLayout.page(title: "Job progress", context: context, frame: frame, body: body)
    }
}

/// Form controls with their labels. Every control gets an `id` from its name and a `<label
/// for>` (or sits inside its `<label>`), and every POST form carries the CSRF field: a page
/// cannot forget either, since these are the only ways the pages make them.
enum FormHTML {
    /// The hidden CSRF field.
    static func csrf(_ context: PageContext) -> String {
        "<input type=\"hidden\" name=\"\(PageContext.csrfFieldName)\" value=\"\(HTML.e(context.csrfToken))\">"
    }

    /// A POST form with the CSRF field first.
    static func post(action: String, context: PageContext, className: String? = nil, multipart: Bool = false,
                     _ body: String) -> String {
        "<form method=\"post\" action=\"\(HTML.e(action))\"" + (className.map { " class=\"\(HTML.e($0))\"" } ?? "")
            + (multipart ? " enctype=\"multipart/form-data\"" : "") + ">\n" + csrf(context) + "\n" + body + "</form>\n"
    }

    /// A GET form (searching, paging, choosing): changes nothing, so no CSRF field, and the
    /// token never ends up in a URL.
    static func get(action: String, className: String? = nil, _ body: String) -> String {
        "<form method=\"get\" action=\"\(HTML.e(action))\"" + (className.map { " class=\"\(HTML.e($0))\"" } ?? "")
            + ">\n" + body + "</form>\n"
    }

    /// A hidden field.
    static func hidden(_ name: String, _ value: String) -> String {
        "<input type=\"hidden\" name=\"\(HTML.e(name))\" value=\"\(HTML.e(value))\">"
    }

    /// A labelled text input (`type` text, email, search, password…), with a hint and an
    /// error message tied to it by `aria-describedby`.
    static func text(_ name: String, label: String, value: String? = nil, type: String = "text", required: Bool = false,
                     hint: String? = nil, error: String? = nil, autocomplete: String? = nil, maxLength: Int? = nil) -> String {
        let id = HTML.id(name)
        var described: [String] = []
        var html = "<div class=\"field\(error == nil ? "" : " invalid")\">"
            + "<label for=\"\(id)\">\(HTML.e(label))\(required ? "" : " <span class=\"optional\">(optional)</span>")</label>"
        if let hint { html += "<div class=\"hint\" id=\"\(id)-hint\">\(HTML.e(hint))</div>"; described.append("\(id)-hint") }
        if let error { html += "<div class=\"error\" id=\"\(id)-error\">\(HTML.e(error))</div>"; described.append("\(id)-error") }
        html += "<input type=\"\(HTML.e(type))\" id=\"\(id)\" name=\"\(HTML.e(name))\""
        if let value { html += " value=\"\(HTML.e(value))\"" }
        if required { html += " required" }
        if let maxLength { html += " maxlength=\"\(maxLength)\"" }
        if let autocomplete { html += " autocomplete=\"\(HTML.e(autocomplete))\"" }
        if error != nil { html += " aria-invalid=\"true\"" }
        if !described.isEmpty { html += " aria-describedby=\"\(described.joined(separator: " "))\"" }
        return html + "></div>\n"
    }

    /// A labelled select; `options` are (value, text).
    static func select(_ name: String, label: String, options: [(String, String)], selected: String?,
                       hint: String? = nil) -> String {
        let id = HTML.id(name)
        var html = "<div class=\"field\"><label for=\"\(id)\">\(HTML.e(label))</label>"
        if let hint { html += "<div class=\"hint\" id=\"\(id)-hint\">\(HTML.e(hint))</div>" }
        html += "<select id=\"\(id)\" name=\"\(HTML.e(name))\"" + (hint == nil ? "" : " aria-describedby=\"\(id)-hint\"") + ">"
        for (value, text) in options {
            html += "<option value=\"\(HTML.e(value))\"\(value == selected ? " selected" : "")>\(HTML.e(text))</option>"
        }
        return html + "</select></div>\n"
    }

    /// A checkbox or radio inside its own label (so the label is the click target).
    static func choice(_ type: String = "checkbox", name: String, value: String, label: String, checked: Bool,
                       disabled: Bool = false, id: String? = nil, describedBy: String? = nil) -> String {
        let id = id ?? HTML.id(name + "-" + value)
        return "<label class=\"choice\" for=\"\(id)\"><input type=\"\(type)\" id=\"\(id)\" name=\"\(HTML.e(name))\""
            + " value=\"\(HTML.e(value))\"\(checked ? " checked" : "")\(disabled ? " disabled" : "")"
            + (describedBy.map { " aria-describedby=\"\(HTML.e($0))\"" } ?? "") + "> \(HTML.e(label))</label>"
    }

    /// A submit button; `name`/`value` say which one was pressed, `formAction` and `formMethod`
    /// send the same form elsewhere.
    static func button(_ text: String, name: String? = nil, value: String? = nil, formAction: String? = nil,
                       formMethod: String? = nil, className: String = "button", label: String? = nil) -> String {
        var html = "<button type=\"submit\" class=\"\(HTML.e(className))\""
        if let name { html += " name=\"\(HTML.e(name))\"" }
        if let value { html += " value=\"\(HTML.e(value))\"" }
        if let formAction { html += " formaction=\"\(HTML.e(formAction))\"" }
        if let formMethod { html += " formmethod=\"\(HTML.e(formMethod))\"" }
        if let label { html += " aria-label=\"\(HTML.e(label))\"" }
        return html + ">\(HTML.e(text))</button>"
    }

    /// The GOV.UK-style error summary at the top of a form: each problem links to its field
    /// (the control's id from its name, or as `anchor` says for controls named otherwise).
    static func errorSummary(_ problems: [FieldProblem], anchor: (String) -> String = HTML.id) -> String {
        guard !problems.isEmpty else { return "" }
        var html = "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\">"
            + "<h2 id=\"error-summary-title\">There is a problem</h2><ul>"
        for problem in problems {
            html += "<li>" + (problem.field.map { "<a href=\"#\(HTML.e(anchor($0)))\">\(HTML.e(problem.message))</a>" }
                                ?? HTML.e(problem.message)) + "</li>"
        }
        return html + "</ul></div>\n"
    }
}

/// A problem with a submitted form, tied to the field that has it (when one does).
public struct FieldProblem: Sendable, Hashable {
    /// The field's name, `nil` for the form as a whole.
    public var field: String?
    /// What is wrong and how to fix it, for people.
    public var message: String

    /// Creates a problem.
    public init(field: String?, _ message: String) {
        self.field = field
        self.message = message
    }
}

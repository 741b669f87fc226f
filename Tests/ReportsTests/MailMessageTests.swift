import Foundation
import Provisioning
import Testing
@testable import Reports

/// The `.eml` credentials message: RFC 5322 headers, CRLF lines, MIME parts that decode
/// back to the sheet.
@Suite struct MailMessageTests {
    struct Message {
        var headers: [String: String] = [:]
        var rawHeaders = ""
        var body = ""
    }

    private static func message(subject: String? = nil, credentials: [IssuedCredential] = SampleRun.applied.credentials,
                                to: String = "Helpdesk 台北 <helpdesk@contoso.com>") throws -> [UInt8] {
        let output = ReportOutput.memory()
        let sink = try CredentialsMessage(output: output, recipient: MailAddress(to), subject: subject,
                                          date: SampleRun.started, random: RandomSource(SeededRandom(state: 3)))
        for credential in credentials { try sink.add(credential) }
        try sink.finish()
        return output.bytes
    }

    private static func parse(_ bytes: [UInt8]) throws -> Message {
        let text = String(decoding: bytes, as: UTF8.self)
        let split = try #require(text.range(of: "\r\n\r\n"))
        var message = Message(rawHeaders: String(text[..<split.lowerBound]), body: String(text[split.upperBound...]))
        let unfolded = message.rawHeaders.replacingOccurrences(of: "\r\n ", with: " ")
        for line in unfolded.components(separatedBy: "\r\n") {
            let colon = try #require(line.firstIndex(of: ":"))
            message.headers[String(line[..<colon])] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        return message
    }

    static func decodeQuotedPrintable(_ text: String) -> String {
        let joined = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index < joined.count {
            if joined[index] == UInt8(ascii: "="), index + 2 < joined.count,
               let value = UInt8(String(decoding: joined[index + 1...index + 2], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(joined[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    }

    static func decodeEncodedWords(_ text: String) -> String {
        var result = ""
        for word in text.split(separator: " ") {
            if word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?="),
               let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2))) {
                result += String(decoding: data, as: UTF8.self)
            } else {
                result += (result.isEmpty ? "" : " ") + word
            }
        }
        return result
    }

    @Test func hasTheHeadersSendmailNeeds() throws {
        let message = try Self.parse(Self.message())
        for name in ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"] {
            #expect(message.headers[name] != nil, "missing \(name)")
        }
        #expect(message.headers["Date"] == "Sat, 21 Nov 2026 09:00:00 +0000")
        #expect(message.headers["MIME-Version"] == "1.0")
        #expect(message.headers["Subject"] == "Sign-in details for 3 people")
        #expect(message.headers["Content-Type"]?.hasPrefix("multipart/alternative; boundary=\"=_provision_") == true)
        let messageID = try #require(message.headers["Message-ID"])
        #expect(messageID.hasPrefix("<") && messageID.hasSuffix("@localhost.localdomain>"))
        let to = try #require(message.headers["To"])
        #expect(to.hasSuffix("<helpdesk@contoso.com>"))
        #expect(Self.decodeEncodedWords(String(to.dropLast("<helpdesk@contoso.com>".count + 1))) == "Helpdesk 台北")
    }

    @Test func everyLineEndsInCRLFAndIsShortAndASCII() throws {
        let bytes = try Self.message()
        #expect(bytes.allSatisfy { $0 < 0x80 }, "8-bit bytes must be encoded")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasSuffix("\r\n"))
        for (index, byte) in bytes.enumerated() where byte == 0x0A { #expect(index > 0 && bytes[index - 1] == 0x0D) }
        for line in text.components(separatedBy: "\r\n") {
            #expect(line.count <= 78, "line too long: \(line)")
            #expect(line != ".", "a lone dot would end the message for sendmail")
            #expect(!line.hasPrefix("From "), "mbox would mangle this line")
        }
    }

    @Test func partsDecodeBackToTheSheet() throws {
        let message = try Self.parse(Self.message())
        let contentType = try #require(message.headers["Content-Type"])
        let boundary = String(try #require(contentType.split(separator: "\"").dropFirst().first))
        let pieces = message.body.components(separatedBy: "--" + boundary)
        #expect(pieces.count == 4, "preamble, two parts, epilogue")
        #expect(pieces[3] == "--\r\n")
        let credentials = SampleRun.applied.credentials
        let expectedText = CredentialSheetText.start(issuedAt: SampleRun.started)
            + credentials.map(CredentialSheetText.card).joined() + CredentialSheetText.end(count: credentials.count)
        let expectedHTML = CredentialSheetHTML.start(issuedAt: SampleRun.started)
            + credentials.map(CredentialSheetHTML.card).joined() + CredentialSheetHTML.end(count: credentials.count)
        for (piece, type, expected) in [(pieces[1], "text/plain", expectedText), (pieces[2], "text/html", expectedHTML)] {
            let split = try #require(piece.range(of: "\r\n\r\n"))
            let head = String(piece[..<split.lowerBound])
            #expect(head.contains("Content-Type: \(type); charset=utf-8"))
            #expect(head.contains("Content-Transfer-Encoding: quoted-printable"))
            var body = String(piece[split.upperBound...])
            #expect(body.hasSuffix("\r\n\r\n"))
            body.removeLast()   // the CRLF (one Character) before the boundary belongs to it
            #expect(Self.decodeQuotedPrintable(body) == expected)
        }
        #expect(expectedText.contains("Xk7#mP2qR9$vL4wz"))
    }

    @Test func nonASCIISubjectIsEncodedAndFolded() throws {
        let subject = "新進員工的登入資料 — Contoso 台北辦公室 2026 年 11 月 (三位同事) and a long English tail"
        let message = try Self.parse(Self.message(subject: subject))
        #expect(message.rawHeaders.contains("Subject: =?UTF-8?B?"))
        #expect(Self.decodeEncodedWords(try #require(message.headers["Subject"])) == subject)
    }

    @Test func headerValuesCannotInjectHeaders() throws {
        let message = try Self.parse(Self.message(subject: "Hi\r\nBcc: evil@example.com"))
        #expect(message.headers["Bcc"] == nil)
        #expect(message.headers["Subject"] == "Hi Bcc: evil@example.com")
    }

    @Test func emptySheetIsStillAMessage() throws {
        let message = try Self.parse(Self.message(credentials: []))
        #expect(message.headers["Subject"] == "Sign-in details for 0 people")
        #expect(message.body.contains("No temporary passwords were issued."))
    }

    @Test(arguments: [
        ("helpdesk@contoso.com", "helpdesk@contoso.com", nil),
        ("  Ana Ruiz <ana.ruiz@contoso.com> ", "ana.ruiz@contoso.com", "Ana Ruiz"),
        ("\"Ops, Taipei\" <ops+creds@mail.contoso.com.tw>", "ops+creds@mail.contoso.com.tw", "Ops, Taipei"),
        ("o'brien@xn--bcher-kva.example", "o'brien@xn--bcher-kva.example", nil),
    ] as [(String, String, String?)])
    func acceptsAddresses(text: String, address: String, name: String?) throws {
        let parsed = try MailAddress(text)
        #expect(parsed.address == address)
        #expect(parsed.displayName == name)
    }

    @Test(arguments: [
        "", "helpdesk", "helpdesk@", "@contoso.com", "a@b@contoso.com", "helpdesk@contoso", "he lp@contoso.com",
        ".helpdesk@contoso.com", "help..desk@contoso.com", "helpdesk@-contoso.com", "helpdesk@contoso..com",
        "helpdesk@contoso.com\r\nBcc: x@evil.com", "a@contoso.com, b@contoso.com", "\"quoted\"@contoso.com",
        "hélène@contoso.com", "helpdesk@[10.0.0.1]", "Name\r\n <a@contoso.com>",
        String(repeating: "a", count: 65) + "@contoso.com",
    ])
    func rejectsAddresses(text: String) {
        #expect(throws: ReportError.self) { try MailAddress(text) }
    }
}

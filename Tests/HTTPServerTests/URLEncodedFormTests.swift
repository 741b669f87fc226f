import Testing
@testable import HTTPServer

/// The strict application/x-www-form-urlencoded parser: decoding, order, bounds, refusals.
@Suite struct URLEncodedFormTests {
    func fields(_ text: String, limits: HTTPFormLimits = HTTPFormLimits()) throws -> [String] {
        try HTTPURLEncodedForm(Array(text.utf8), limits: limits).fields.map { "\($0.name)=\($0.value)" }
    }

    func refusal(_ text: String, limits: HTTPFormLimits = HTTPFormLimits()) -> HTTPFormError? {
        do {
            _ = try HTTPURLEncodedForm(Array(text.utf8), limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test func decodesPlusPercentAndKeepsRepeatedFieldsInOrder() throws {
        #expect(try fields("user=a%40b.example&user=c&q=x+y%2Bz&empty=&bare") == ["user=a@b.example", "user=c", "q=x y+z", "empty=", "bare="])
        #expect(try HTTPURLEncodedForm(Array("user=b&user=a".utf8)).values("user") == ["b", "a"])
        #expect(try fields("a=%C3%A9t%C3%A9") == ["a=été"])
    }

    @Test func emptyPiecesAreSkippedAndAnEmptyBodyHasNoFields() throws {
        #expect(try fields("") == [])
        #expect(try fields("&&a=1&&") == ["a=1"])
        #expect(try fields("a==b") == ["a==b"])
    }

    @Test func malformedInputIsRefusedWithTheRuleTheFieldAndTheOffset() {
        #expect(refusal("a=1&b=%2") == HTTPFormError(.badPercentEscape, item: 2, offset: 6))
        #expect(refusal("a=%zz") == HTTPFormError(.badPercentEscape, item: 1, offset: 2))
        #expect(refusal("a=%") == HTTPFormError(.badPercentEscape, item: 1, offset: 2))
        #expect(refusal("a=%FF") == HTTPFormError(.invalidUTF8, item: 1, offset: 2))
        #expect(refusal("a=%C3") == HTTPFormError(.invalidUTF8, item: 1, offset: 2))
        #expect(refusal("a=x\ny")?.code == .controlByte)
        #expect(refusal("a=%00")?.code == .controlByte)
        #expect(refusal("a=%zz")?.status == 400)
        #expect(refusal("a=%zz")?.reason == "a malformed percent-escape (% must be followed by two hex digits) (in item 1) at byte 2")
    }

    @Test func boundsAreInclusiveAndOneMoreIsRefused() throws {
        let limits = HTTPFormLimits(maxFields: 2, maxNameBytes: 3, maxValueBytes: 4, maxTotalBytes: 12)
        #expect(try fields("abc=1234&b=%41", limits: limits) == ["abc=1234", "b=A"])
        #expect(refusal("a=1&b=2&c=3", limits: limits) == HTTPFormError(.tooManyFields, item: 3, offset: 8))
        #expect(refusal("abcd=1", limits: limits)?.code == .nameTooLong)
        #expect(refusal("a=12345", limits: limits)?.code == .valueTooLong)
        #expect(refusal("a=%41%41%41%41%41", limits: limits)?.code == .valueTooLong)
        #expect(refusal("abc=1234&abc=1234", limits: limits)?.code == .fieldsTooLarge)
    }

    @Test func theRequestMustSayItIsAForm() throws {
        let form = HTTPRequest(method: "POST", target: "/", version: .http11,
                               headers: HTTPHeaders([("Content-Type", "Application/X-WWW-Form-Urlencoded; charset=UTF-8")]),
                               body: Array("a=1".utf8))
        #expect(try HTTPURLEncodedForm(request: form).value("a") == "1")
        var other = form
        other.headers = HTTPHeaders([("Content-Type", "text/plain")])
        #expect(throws: HTTPFormError(.wrongContentType)) { try HTTPURLEncodedForm(request: other) }
        #expect(HTTPFormError(.wrongContentType).status == 415)
    }
}

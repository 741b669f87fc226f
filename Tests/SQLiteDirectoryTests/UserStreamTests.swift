import Foundation
import Testing
import Provisioning
@testable import SQLiteDirectory

/// `forEachUser`: every matching user, in the page listing's order, counted in the same snapshot.
@Suite struct UserStreamTests {
    @Test(arguments: [UserQuery.Filter.all, .licensed, .unlicensed, .department("Ops"), .product("spe_e3")])
    func streamsTheSameUsersInTheSameOrderAsThePages(filter: UserQuery.Filter) throws {
        let fixture = try StoreFixture(seats: ["SPE_E3": 3])
        var users: [User] = []
        for index in 0..<25 {
            users.append(fixture.newUser(String(format: "u%02d@contoso.com", 24 - index),
                                         licenses: index < 3 ? ["SPE_E3"] : [],
                                         department: index.isMultiple(of: 2) ? "Ops" : "Sales"))
        }
        try fixture.apply(try users.map { try fixture.createSet($0) })
        for sort in UserQuery.Sort.allCases {
            var paged: [String] = []
            var page = 1
            while true {
                let result = try fixture.store.listUsers(customerID: "contoso",
                                                         query: UserQuery(filter: filter, sort: sort, page: page, pageSize: 4))
                paged += result.users.map(\.userPrincipalName)
                if page >= result.pageCount { break }
                page += 1
            }
            var streamed: [String] = []
            var total = -1
            var licenses = 0
            try fixture.store.forEachUser(customerID: "contoso", query: UserQuery(filter: filter, sort: sort),
                                          total: { total = $0 }) { user in
                streamed.append(user.userPrincipalName)
                licenses += user.licenses.count
            }
            #expect(streamed == paged)
            #expect(total == paged.count)
            if filter == .licensed { #expect(licenses == 3) }
        }
        #expect(throws: StoreError.self) {
            try fixture.store.forEachUser(customerID: "acme", query: UserQuery(), total: { _ in }) { _ in }
        }
    }
}

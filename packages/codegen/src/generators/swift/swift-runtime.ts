/**
 * The Swift runtime shipped with every generated package: JSON value, errors, an RFC 6265 cookie jar
 * over an app-supplied store (memory, Keychain) and the async JSON-RPC transport over an ephemeral
 * URLSession.
 */
export const SWIFT_RUNTIME = String.raw`import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Security)
import Security
#endif

/** Any JSON value, for schemas the spec leaves open. */
public enum JSONValue: Codable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

/** A coding key made at run time, for discriminators and extra properties. */
public struct DynamicKey: CodingKey, Hashable {
    public var stringValue: String
    public var intValue: Int? { nil }
    public init(_ string: String) { stringValue = string }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { return nil }
}

/** A JSON-RPC error or an HTTP failure; name is the error's data.name (e.g. SessionExpiredException). */
public struct BlocksError: Error, CustomStringConvertible {
    public let code: Int
    public let message: String
    public let name: String?
    public let retriable: Bool
    public let data: JSONValue?

    public var description: String { "\(name ?? "BlocksError") (\(code)): \(message)" }
}

/** One cookie as RFC 6265 stores it; expiresAt nil until the app ends. Its description hides the value. */
public struct StoredCookie: Codable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var name: String
    public var value: String
    /** The host (hostOnly) or the domain and its subdomains the cookie is sent to. */
    public var domain: String
    public var hostOnly: Bool
    public var path: String
    public var expiresAt: Date?
    /** Sent over https only. */
    public var secure: Bool
    public var httpOnly: Bool

    public init(name: String, value: String, domain: String, hostOnly: Bool, path: String,
                expiresAt: Date? = nil, secure: Bool = false, httpOnly: Bool = false) {
        self.name = name
        self.value = value
        self.domain = domain
        self.hostOnly = hostOnly
        self.path = path
        self.expiresAt = expiresAt
        self.secure = secure
        self.httpOnly = httpOnly
    }

    public var description: String { "StoredCookie(name: \(name), domain: \(domain), path: \(path), value: ***)" }
    public var debugDescription: String { description }
}

/** Where a CookieJar keeps its cookies across app restarts; called under the jar's lock. */
public protocol CookieStore: AnyObject {
    func load() -> [StoredCookie]
    func save(_ cookies: [StoredCookie])
}

/** Cookies in memory only. */
public final class MemoryCookieStore: CookieStore {
    private var cookies: [StoredCookie] = []
    public init() {}
    public func load() -> [StoredCookie] { cookies }
    public func save(_ cookies: [StoredCookie]) { self.cookies = cookies }
}

#if canImport(Security)
/** Cookies in the Keychain (one generic password item, this device only), surviving app restarts. */
public final class KeychainCookieStore: CookieStore {
    private let service: String
    private let account = "cookies"
    public init(service: String = "blockyard.cookies") { self.service = service }

    private var query: [String: Any] {
        [kSecClass as String: kSecClassGenericPassword, kSecAttrService as String: service, kSecAttrAccount as String: account]
    }

    public func load() -> [StoredCookie] {
        var search = query
        search[kSecReturnData as String] = true
        search[kSecMatchLimit as String] = kSecMatchLimitOne
        var item: CFTypeRef?
        guard SecItemCopyMatching(search as CFDictionary, &item) == errSecSuccess, let data = item as? Data,
              let cookies = try? JSONDecoder().decode([StoredCookie].self, from: data) else { return [] }
        return cookies
    }

    public func save(_ cookies: [StoredCookie]) {
        SecItemDelete(query as CFDictionary)
        guard !cookies.isEmpty, let data = try? JSONEncoder().encode(cookies) else { return }
        var add = query
        add[kSecValueData as String] = data
        add[kSecAttrAccessible as String] = kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly
        SecItemAdd(add as CFDictionary, nil)
    }
}
#endif

/**
 * Cookies per RFC 6265: Domain (host-only without it), Path (default: the request's directory),
 * Max-Age (before Expires; 0 or less deletes), Expires, Secure (sent over https only), HttpOnly.
 */
public final class CookieJar {
    private let store: CookieStore
    private let now: () -> Date
    private let lock = NSLock()
    private var cookies: [StoredCookie]?
    /** Longer lifetimes are cut to 400 days, as browsers do. */
    private static let maxAge: Double = 400 * 24 * 3600

    public init(store: CookieStore = MemoryCookieStore(), now: @escaping () -> Date = Date.init) {
        self.store = store
        self.now = now
    }

    private func live() -> [StoredCookie] {
        let all = cookies ?? store.load()
        let moment = now()
        let kept = all.filter { $0.expiresAt.map { $0 > moment } ?? true }
        if kept.count != all.count { store.save(kept) }
        cookies = kept
        return kept
    }

    private static func isAddress(_ host: String) -> Bool {
        host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
    }

    private static func domainMatches(_ cookie: StoredCookie, _ host: String) -> Bool {
        host == cookie.domain || (!cookie.hostOnly && !isAddress(host) && host.hasSuffix("." + cookie.domain))
    }

    private static func pathMatches(_ path: String, _ cookiePath: String) -> Bool {
        if path == cookiePath { return true }
        guard path.hasPrefix(cookiePath) else { return false }
        return cookiePath.hasSuffix("/") || path.dropFirst(cookiePath.count).first == "/"
    }

    private static func defaultPath(_ url: URL) -> String {
        let path = url.path
        guard path.hasPrefix("/"), let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    private func matching(_ url: URL) -> [StoredCookie] {
        let host = (url.host ?? "").lowercased()
        let path = url.path.isEmpty ? "/" : url.path
        let https = url.scheme == "https"
        return live()
            .filter { CookieJar.domainMatches($0, host) && CookieJar.pathMatches(path, $0.path) && (!$0.secure || https) }
            .sorted { $0.path.count > $1.path.count }
    }

    /** The Cookie header for a request to url, or nil. */
    public func header(for url: URL) -> String? {
        lock.lock()
        defer { lock.unlock() }
        let found = matching(url)
        return found.isEmpty ? nil : found.map { $0.name + "=" + $0.value }.joined(separator: "; ")
    }

    /** The value of the cookie name a request to url would carry, or nil. */
    public func get(_ url: URL, name: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return matching(url).first { $0.name == name }?.value
    }

    /** Every live cookie. */
    public func all() -> [StoredCookie] {
        lock.lock()
        defer { lock.unlock() }
        return live()
    }

    /** Applies one Set-Cookie header of the answer to a request for url. */
    public func receive(_ url: URL, setCookie: String) {
        let parts = setCookie.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        guard let pair = parts.first, let eq = pair.firstIndex(of: "="), eq != pair.startIndex else { return }
        let name = pair[..<eq].trimmingCharacters(in: .whitespaces)
        let value = pair[pair.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        let host = (url.host ?? "").lowercased()
        var domain: String?
        var path: String?
        var maxAge: Double?
        var expires: Date?
        var secure = false
        var httpOnly = false
        for attribute in parts.dropFirst() {
            let pieces = attribute.split(separator: "=", maxSplits: 1).map(String.init)
            let key = (pieces.first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            let raw = pieces.count > 1 ? pieces[1].trimmingCharacters(in: .whitespaces) : ""
            switch key {
            case "max-age":
                if let seconds = Int(raw) { maxAge = min(max(Double(seconds), 0), CookieJar.maxAge) }
            case "expires":
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = TimeZone(identifier: "GMT")
                formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
                if let date = formatter.date(from: raw) { expires = date }
            case "domain":
                if !raw.isEmpty { domain = (raw.hasPrefix(".") ? String(raw.dropFirst()) : raw).lowercased() }
            case "path":
                path = raw.hasPrefix("/") ? raw : nil
            case "secure":
                secure = true
            case "httponly":
                httpOnly = true
            default:
                break
            }
        }
        if let domain = domain, host != domain, CookieJar.isAddress(host) || !host.hasSuffix("." + domain) { return }
        lock.lock()
        defer { lock.unlock() }
        let moment = now()
        let expiresAt = maxAge.map { moment.addingTimeInterval($0) } ?? expires
        let cookie = StoredCookie(
            name: name, value: value, domain: domain ?? host, hostOnly: domain == nil,
            path: path ?? CookieJar.defaultPath(url), expiresAt: expiresAt, secure: secure, httpOnly: httpOnly
        )
        var all = live().filter { !($0.name == cookie.name && $0.domain == cookie.domain && $0.path == cookie.path) }
        if expiresAt.map({ $0 > moment }) ?? true { all.append(cookie) }
        cookies = all
        store.save(all)
    }

    /** Stores a cookie as it is. */
    public func put(_ cookie: StoredCookie) {
        lock.lock()
        defer { lock.unlock() }
        var all = live().filter { !($0.name == cookie.name && $0.domain == cookie.domain && $0.path == cookie.path) }
        all.append(cookie)
        cookies = all
        store.save(all)
    }

    /** Forgets every cookie (signing out locally). */
    public func clear() {
        lock.lock()
        defer { lock.unlock() }
        cookies = []
        store.save([])
    }
}

/** A server the client can talk to. */
public struct BlocksServer: Equatable {
    public let name: String
    public let url: URL
    public init(name: String, url: URL) {
        self.name = name
        self.url = url
    }
}

private struct AnyEncodable: Encodable {
    let value: Encodable
    func encode(to encoder: Encoder) throws { try value.encode(to: encoder) }
}

private struct RPCRequest: Encodable {
    let jsonrpc = "2.0"
    let method: String
    let params: [AnyEncodable]
    let id: Int
}

private struct RPCErrorBody: Decodable {
    let code: Int?
    let message: String?
    let data: JSONValue?
}

private struct RPCResponse<R: Decodable>: Decodable {
    let result: R?
    let error: RPCErrorBody?
}

/** The JSON-RPC transport: an ephemeral URLSession that never touches the system cookie store. */
public final class BlocksClient {
    public let url: URL
    public let cookieJar: CookieJar
    private let session: URLSession
    private var nextId = 1
    private let lock = NSLock()

    /** url is the API's http(s) URL, e.g. http://localhost:3001/aws-blocks/api; anything else is a programming error. */
    public init(url: URL, cookieJar: CookieJar = CookieJar()) {
        precondition(["http", "https"].contains(url.scheme?.lowercased() ?? "") && url.host != nil,
                     "BlocksClient needs the API's http(s) URL, got: \(url)")
        self.url = url
        self.cookieJar = cookieJar
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration)
    }

    public convenience init(server: BlocksServer, cookieJar: CookieJar = CookieJar()) {
        self.init(url: server.url, cookieJar: cookieJar)
    }

    /** Foundation joins repeated Set-Cookie headers with commas; Expires dates contain commas too. */
    static func splitSetCookie(_ combined: String) -> [String] {
        var lines: [String] = []
        for part in combined.components(separatedBy: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            let head = trimmed.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            if let last = lines.last, !(head.contains("=") && !head.contains(" ")) {
                lines[lines.count - 1] = last + "," + part
            } else {
                lines.append(trimmed)
            }
        }
        return lines
    }

    /** Calls method with positional params (trailing nils beyond required are not sent). */
    public func call<R: Decodable>(_ method: String, _ params: [Encodable?], required: Int) async throws -> R {
        var count = params.count
        while count > required, params[count - 1] == nil { count -= 1 }
        let values = params.prefix(count).map { AnyEncodable(value: $0 ?? JSONValue.null) }
        lock.lock()
        let id = nextId
        nextId += 1
        lock.unlock()
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let cookie = cookieJar.header(for: url) {
            request.setValue(cookie, forHTTPHeaderField: "Cookie")
        }
        request.httpBody = try JSONEncoder().encode(RPCRequest(method: method, params: values, id: id))
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if let http = response as? HTTPURLResponse {
            for (key, value) in http.allHeaderFields {
                guard let name = key as? String, name.lowercased() == "set-cookie", let combined = value as? String else { continue }
                for line in BlocksClient.splitSetCookie(combined) { cookieJar.receive(url, setCookie: line) }
            }
        }
        let reply = try? JSONDecoder().decode(RPCResponse<R>.self, from: data)
        if let error = reply?.error {
            var name: String?
            var retriable = false
            if case .object(let fields)? = error.data {
                if case .string(let value)? = fields["name"] { name = value }
                if case .bool(let value)? = fields["retriable"] { retriable = value }
            }
            throw BlocksError(code: error.code ?? status, message: error.message ?? "JSON-RPC error", name: name, retriable: retriable, data: error.data)
        }
        guard (200..<300).contains(status), let reply = reply else {
            throw BlocksError(code: status, message: "HTTP error \(status)", name: nil, retriable: false, data: nil)
        }
        if let result = reply.result { return result }
        if let none = Optional<Any>.none as? R { return none }
        throw BlocksError(code: 0, message: "The answer has no result", name: nil, retriable: false, data: nil)
    }
}
`;

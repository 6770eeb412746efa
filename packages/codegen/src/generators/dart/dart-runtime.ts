/**
 * The Dart runtime shipped with every generated package: errors, an RFC 6265 cookie jar over an
 * app-supplied store, JSON-RPC over `http`.
 * Dart's `$` interpolations are written `\$` here so that the template leaves them alone.
 */
export const DART_RUNTIME = String.raw`import 'dart:convert';

import 'package:http/http.dart' as http;

/** A JSON-RPC error or an HTTP failure; name is the error's data.name (e.g. InvalidCredentialsException). */
class BlocksException implements Exception {
  BlocksException(this.message, this.code, {this.name, this.retriable = false, this.data});

  final String message;
  final int code;
  final String? name;
  final bool retriable;
  final Object? data;

  @override
  String toString() => '\${name ?? 'BlocksException'} (\$code): \$message';
}

/** One cookie as RFC 6265 stores it; expiresAt null until the app ends. toString hides the value. */
class StoredCookie {
  const StoredCookie({
    required this.name,
    required this.value,
    required this.domain,
    required this.hostOnly,
    required this.path,
    this.expiresAt,
    this.secure = false,
    this.httpOnly = false,
  });

  factory StoredCookie.fromJson(Map<String, dynamic> json) => StoredCookie(
        name: json['name'] as String,
        value: json['value'] as String,
        domain: json['domain'] as String,
        hostOnly: json['hostOnly'] as bool,
        path: json['path'] as String,
        expiresAt: json['expiresAt'] == null ? null : DateTime.fromMillisecondsSinceEpoch(json['expiresAt'] as int, isUtc: true),
        secure: json['secure'] as bool,
        httpOnly: json['httpOnly'] as bool,
      );

  final String name;
  final String value;

  /** The host (hostOnly) or the domain and its subdomains the cookie is sent to. */
  final String domain;
  final bool hostOnly;
  final String path;
  final DateTime? expiresAt;

  /** Sent over https only. */
  final bool secure;
  final bool httpOnly;

  Map<String, dynamic> toJson() => {
        'name': name,
        'value': value,
        'domain': domain,
        'hostOnly': hostOnly,
        'path': path,
        'expiresAt': expiresAt?.millisecondsSinceEpoch,
        'secure': secure,
        'httpOnly': httpOnly,
      };

  @override
  String toString() => 'StoredCookie(name: \$name, domain: \$domain, path: \$path, value: ***)';
}

/** Where a CookieJar keeps its cookies across app restarts (e.g. flutter_secure_storage). */
abstract interface class CookieStore {
  Future<List<StoredCookie>> load();
  Future<void> save(List<StoredCookie> cookies);
}

/** Cookies in memory only. */
class MemoryCookieStore implements CookieStore {
  List<StoredCookie> _cookies = const [];

  @override
  Future<List<StoredCookie>> load() async => _cookies;

  @override
  Future<void> save(List<StoredCookie> cookies) async {
    _cookies = cookies;
  }
}

/**
 * Cookies per RFC 6265: Domain (host-only without it), Path (default: the request's directory),
 * Max-Age (before Expires; 0 or less deletes), Expires, Secure (sent over https only), HttpOnly.
 */
class CookieJar {
  CookieJar({CookieStore? store, DateTime Function()? now})
      : _store = store ?? MemoryCookieStore(),
        _now = now ?? DateTime.now;

  final CookieStore _store;
  final DateTime Function() _now;
  List<StoredCookie>? _cookies;

  /** Longer lifetimes are cut to 400 days, as browsers do. */
  static const _maxAgeSeconds = 400 * 24 * 3600;

  Future<List<StoredCookie>> _live() async {
    final all = _cookies ?? await _store.load();
    final now = _now();
    final kept = all.where((c) => c.expiresAt == null || c.expiresAt!.isAfter(now)).toList();
    if (kept.length != all.length) await _store.save(kept);
    _cookies = kept;
    return kept;
  }

  static bool _isAddress(String host) => host.contains(':') || RegExp(r'^[0-9.]+$').hasMatch(host);

  static bool _domainMatches(StoredCookie cookie, String host) =>
      host == cookie.domain || (!cookie.hostOnly && !_isAddress(host) && host.endsWith('.\${cookie.domain}'));

  static bool _pathMatches(String path, String cookiePath) =>
      path == cookiePath ||
      (path.startsWith(cookiePath) && (cookiePath.endsWith('/') || path[cookiePath.length] == '/'));

  static String _defaultPath(Uri url) {
    final path = url.path;
    if (!path.startsWith('/') || path.lastIndexOf('/') == 0) return '/';
    return path.substring(0, path.lastIndexOf('/'));
  }

  Future<List<StoredCookie>> _matching(Uri url) async {
    final host = url.host.toLowerCase();
    final path = url.path.isEmpty ? '/' : url.path;
    final https = url.scheme == 'https';
    final found = (await _live())
        .where((c) => _domainMatches(c, host) && _pathMatches(path, c.path) && (!c.secure || https))
        .toList();
    found.sort((a, b) => b.path.length.compareTo(a.path.length));
    return found;
  }

  /** The Cookie header for a request to url, or null. */
  Future<String?> header(Uri url) async {
    final found = await _matching(url);
    return found.isEmpty ? null : found.map((c) => '\${c.name}=\${c.value}').join('; ');
  }

  /** The value of the cookie name a request to url would carry, or null. */
  Future<String?> get(Uri url, String name) async {
    for (final cookie in await _matching(url)) {
      if (cookie.name == name) return cookie.value;
    }
    return null;
  }

  /** Every live cookie. */
  Future<List<StoredCookie>> all() async => List.of(await _live());

  /** Applies one Set-Cookie header of the answer to a request for url. */
  Future<void> receive(Uri url, String setCookie) async {
    final parts = setCookie.split(';');
    final pair = parts.first;
    final eq = pair.indexOf('=');
    if (eq <= 0) return;
    final name = pair.substring(0, eq).trim();
    final value = pair.substring(eq + 1).trim();
    final host = url.host.toLowerCase();
    String? domain;
    String? path;
    int? maxAge;
    DateTime? expires;
    var secure = false;
    var httpOnly = false;
    for (final attribute in parts.skip(1)) {
      final aeq = attribute.indexOf('=');
      final key = (aeq < 0 ? attribute : attribute.substring(0, aeq)).trim().toLowerCase();
      final raw = aeq < 0 ? '' : attribute.substring(aeq + 1).trim();
      switch (key) {
        case 'max-age':
          final seconds = int.tryParse(raw);
          if (seconds != null) maxAge = seconds < 0 ? 0 : (seconds > _maxAgeSeconds ? _maxAgeSeconds : seconds);
        case 'expires':
          expires = _parseHttpDate(raw) ?? expires;
        case 'domain':
          if (raw.isNotEmpty) domain = (raw.startsWith('.') ? raw.substring(1) : raw).toLowerCase();
        case 'path':
          path = raw.startsWith('/') ? raw : null;
        case 'secure':
          secure = true;
        case 'httponly':
          httpOnly = true;
      }
    }
    if (domain != null && host != domain && (_isAddress(host) || !host.endsWith('.\$domain'))) return;
    final now = _now();
    final expiresAt = maxAge != null ? now.add(Duration(seconds: maxAge)) : expires;
    final cookie = StoredCookie(
      name: name,
      value: value,
      domain: domain ?? host,
      hostOnly: domain == null,
      path: path ?? _defaultPath(url),
      expiresAt: expiresAt,
      secure: secure,
      httpOnly: httpOnly,
    );
    await _replace(cookie, keep: expiresAt == null || expiresAt.isAfter(now));
  }

  /** Stores a cookie as it is. */
  Future<void> put(StoredCookie cookie) => _replace(cookie, keep: true);

  /** Forgets every cookie (signing out locally). */
  Future<void> clear() async {
    _cookies = [];
    await _store.save(const []);
  }

  Future<void> _replace(StoredCookie cookie, {required bool keep}) async {
    final all = (await _live())
        .where((c) => !(c.name == cookie.name && c.domain == cookie.domain && c.path == cookie.path))
        .toList();
    if (keep) all.add(cookie);
    _cookies = all;
    await _store.save(List.of(all));
  }

  static const _months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  static DateTime? _parseHttpDate(String raw) {
    final m = RegExp(r'(\d{1,2})[ -](\w{3})[ -](\d{2,4}) (\d{2}):(\d{2}):(\d{2})').firstMatch(raw);
    if (m == null) return null;
    final month = _months.indexOf(m.group(2)!) + 1;
    if (month == 0) return null;
    var year = int.parse(m.group(3)!);
    if (year < 100) year += 2000;
    return DateTime.utc(year, month, int.parse(m.group(1)!), int.parse(m.group(4)!), int.parse(m.group(5)!), int.parse(m.group(6)!));
  }
}

/** The JSON-RPC transport over package:http. */
class BlocksClient {
  BlocksClient(this.baseUrl, {CookieJar? cookieJar, http.Client? httpClient})
      : cookieJar = cookieJar ?? CookieJar(),
        _http = httpClient ?? http.Client(),
        _uri = _parseUrl(baseUrl);

  static Uri _parseUrl(String url) {
    final uri = Uri.tryParse(url);
    if (uri == null || (uri.scheme != 'http' && uri.scheme != 'https') || uri.host.isEmpty) {
      throw ArgumentError.value(url, 'baseUrl', "the API's http(s) URL, e.g. http://10.0.2.2:3001/aws-blocks/api");
    }
    return uri;
  }

  final String baseUrl;
  final Uri _uri;
  final CookieJar cookieJar;
  final http.Client _http;
  int _nextId = 1;

  /** package:http joins repeated Set-Cookie headers with commas; Expires dates contain commas too. */
  static List<String> splitSetCookie(String combined) {
    final lines = <String>[];
    for (final part in combined.split(',')) {
      final head = part.trim().split(';').first;
      if (lines.isNotEmpty && !(head.contains('=') && !head.contains(' '))) {
        lines[lines.length - 1] = '\${lines.last},\$part';
      } else {
        lines.add(part.trim());
      }
    }
    return lines;
  }

  /** Calls method with positional params (trailing nulls beyond required are not sent). */
  Future<Object?> call(String method, List<Object?> params, int required) async {
    var count = params.length;
    while (count > required && params[count - 1] == null) {
      count--;
    }
    final uri = _uri;
    final headers = {'content-type': 'application/json', 'accept': 'application/json'};
    final cookie = await cookieJar.header(uri);
    if (cookie != null) headers['cookie'] = cookie;
    final body = jsonEncode({'jsonrpc': '2.0', 'method': method, 'params': params.sublist(0, count), 'id': _nextId++});
    final response = await _http.post(uri, headers: headers, body: body);
    final setCookie = response.headers['set-cookie'];
    if (setCookie != null) {
      for (final line in splitSetCookie(setCookie)) {
        await cookieJar.receive(uri, line);
      }
    }
    Object? reply;
    try {
      reply = jsonDecode(utf8.decode(response.bodyBytes));
    } on FormatException {
      reply = null;
    }
    if (reply is Map<String, dynamic>) {
      final error = reply['error'];
      if (error is Map<String, dynamic>) {
        final data = error['data'];
        throw BlocksException(
          error['message'] as String? ?? 'JSON-RPC error',
          (error['code'] as num?)?.toInt() ?? response.statusCode,
          name: data is Map<String, dynamic> ? data['name'] as String? : null,
          retriable: data is Map<String, dynamic> && data['retriable'] == true,
          data: data,
        );
      }
      if (response.statusCode >= 200 && response.statusCode < 300 && reply.containsKey('result')) return reply['result'];
    }
    throw BlocksException('HTTP error \${response.statusCode}', response.statusCode);
  }

  /** Closes the underlying HTTP client. */
  void close() => _http.close();
}
`.replaceAll('\\$', '$');

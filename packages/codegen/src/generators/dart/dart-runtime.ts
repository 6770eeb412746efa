/**
 * The Dart runtime shipped with every generated package: errors, cookie jar, JSON-RPC over `http`.
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

class _StoredCookie {
  _StoredCookie(this.value, this.expiresAt, this.secure);
  final String value;
  final DateTime? expiresAt;
  final bool secure;
}

/** Session cookies by host and name; honours Max-Age (0 deletes), Expires and Secure. */
class CookieJar {
  CookieJar({DateTime Function()? now}) : _now = now ?? DateTime.now;

  final DateTime Function() _now;
  final Map<String, _StoredCookie> _cookies = {};

  /** The Cookie header for a request to host, or null. */
  String? header(String host, bool secure) {
    final parts = <String>[];
    _cookies.removeWhere((_, c) => c.expiresAt != null && !c.expiresAt!.isAfter(_now()));
    _cookies.forEach((key, cookie) {
      final prefix = '\$host|';
      if (key.startsWith(prefix) && (!cookie.secure || secure)) {
        parts.add('\${key.substring(prefix.length)}=\${cookie.value}');
      }
    });
    return parts.isEmpty ? null : parts.join('; ');
  }

  /** Applies one Set-Cookie header received from host. */
  void receive(String host, String setCookie) {
    final attributes = setCookie.split(';').map((part) => part.trim()).toList();
    final pair = attributes.first;
    final eq = pair.indexOf('=');
    if (eq <= 0) return;
    final name = pair.substring(0, eq).trim();
    final value = pair.substring(eq + 1).trim();
    DateTime? expiresAt;
    var maxAgeSeen = false;
    var secure = false;
    for (final attribute in attributes.skip(1)) {
      final aeq = attribute.indexOf('=');
      final key = (aeq < 0 ? attribute : attribute.substring(0, aeq)).trim().toLowerCase();
      final raw = aeq < 0 ? '' : attribute.substring(aeq + 1).trim();
      if (key == 'max-age' && int.tryParse(raw) != null) {
        expiresAt = _now().add(Duration(seconds: int.parse(raw)));
        maxAgeSeen = true;
      } else if (key == 'expires' && !maxAgeSeen) {
        expiresAt = _parseHttpDate(raw);
      } else if (key == 'secure') {
        secure = true;
      }
    }
    final id = '\$host|\$name';
    if (value.isEmpty || (expiresAt != null && !expiresAt.isAfter(_now()))) {
      _cookies.remove(id);
    } else {
      _cookies[id] = _StoredCookie(value, expiresAt, secure);
    }
  }

  /** The value of a live cookie, or null. */
  String? get(String host, String name) {
    final cookie = _cookies['\$host|\$name'];
    if (cookie == null || (cookie.expiresAt != null && !cookie.expiresAt!.isAfter(_now()))) return null;
    return cookie.value;
  }

  /** Stores a cookie. */
  void set(String host, String name, String value, {DateTime? expiresAt}) {
    _cookies['\$host|\$name'] = _StoredCookie(value, expiresAt, false);
  }

  /** Forgets every cookie. */
  void clear() => _cookies.clear();

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
        _http = httpClient ?? http.Client();

  final String baseUrl;
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
    final uri = Uri.parse(baseUrl);
    final host = uri.hasPort ? '\${uri.host}:\${uri.port}' : uri.host;
    final secure = uri.scheme == 'https' || uri.host == 'localhost' || uri.host == '127.0.0.1';
    final headers = {'content-type': 'application/json', 'accept': 'application/json'};
    final cookie = cookieJar.header(host, secure);
    if (cookie != null) headers['cookie'] = cookie;
    final body = jsonEncode({'jsonrpc': '2.0', 'method': method, 'params': params.sublist(0, count), 'id': _nextId++});
    final response = await _http.post(uri, headers: headers, body: body);
    final setCookie = response.headers['set-cookie'];
    if (setCookie != null) {
      for (final line in splitSetCookie(setCookie)) {
        cookieJar.receive(host, line);
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

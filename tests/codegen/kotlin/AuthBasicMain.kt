// Drives the generated Kotlin AuthBasic client (fixture 17) against a live sandbox, and the runtime's
// cookie jar and JSON codec on their own. Prints one "RESULT key=value" line per observation; the
// test reads them. Usage: AuthBasicMainKt <apiUrl> <username>
package blocks.fixtures.main

import blocks.fixtures.f17.Api
import blocks.fixtures.f17.AuthStateName
import blocks.fixtures.f17.Blocks
import blocks.fixtures.f17.BlocksClient
import blocks.fixtures.f17.BlocksException
import blocks.fixtures.f17.Json
import blocks.fixtures.f17.MemoryCookieJar
import blocks.fixtures.f17.SetAuthStateInput
import blocks.fixtures.f17.isBlocksError

fun report(key: String, value: Any?) = println("RESULT " + key + "=" + value)

fun errorName(block: () -> Unit): String = try {
    block()
    "none"
} catch (e: BlocksException) {
    (e.name ?: "unnamed") + "/" + e.code + "/" + e.isBlocksError(e.name ?: "")
}

fun main(args: Array<String>) {
    val url = args[0]
    val user = args[1]
    val password = "correct-horse-42"
    val target = java.net.URL(url)
    val host = target.host + ":" + target.port
    val blocks = Blocks(url)

    val up = blocks.authApi.setAuthState(SetAuthStateInput.SignUp(username = user, password = password))
    report("signUp", up.state.wire)
    blocks.authApi.setAuthState(SetAuthStateInput.SignOut())
    report("afterSignOutCookie", blocks.client.cookieJar.header(host, false))
    val signIn = blocks.authApi.setAuthState(SetAuthStateInput.SignIn(username = user, password = password))
    report("signIn", signIn.state.wire)
    report("signedInUser", signIn.user?.username)
    report("signedIn", signIn.state == AuthStateName.SIGNED_IN)
    report("profile", blocks.api.getProfile().username)
    val state = blocks.authApi.getAuthState()
    report("getAuthState", state.state.wire)

    val copied = blocks.client.cookieJar.header(host, false) ?: ""
    report("cookieName", copied.substringBefore("="))
    blocks.authApi.setAuthState(SetAuthStateInput.SignOut())
    report("cookieAfterSignOut", blocks.client.cookieJar.header(host, false))
    val thief = BlocksClient(url)
    thief.cookieJar.put(host, copied.substringBefore("="), copied.substringAfter("="))
    report("copiedCookie", errorName { Api(thief).getProfile() })
    report("noCookie", errorName { Blocks(url).api.getProfile() })

    val wrong = blocks.authApi.setAuthState(SetAuthStateInput.SignIn(username = user, password = "wrong-password-9"))
    report("wrongPasswordState", wrong.state.wire)
    report("wrongPasswordError", wrong.errorName)

    var now = 1000000L
    val jar = MemoryCookieJar { now }
    jar.receive("h", "a=b; Max-Age=10; Path=/; HttpOnly")
    report("jarLive", jar.get("h", "a"))
    report("jarOtherHost", jar.header("other", true))
    now += 11000
    report("jarExpired", jar.get("h", "a"))
    jar.receive("h", "c=d")
    jar.receive("h", "c=; Max-Age=0")
    report("jarMaxAgeZero", jar.get("h", "c"))
    jar.receive("h", "e=f; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
    report("jarExpiresPast", jar.get("h", "e"))
    jar.receive("h", "s=t; Secure")
    report("jarSecureOverHttp", jar.header("h", false))

    val text = "{\"a\":[1,2.5,\"x\\\"\\u00e9\\n\",true,null],\"b\":{}}"
    report("jsonRoundTrip", Json.stringify(Json.parse(text)))
}

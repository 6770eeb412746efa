/** Names of the errors the client itself raises (the server's own names pass through unchanged). */
export const ClientErrors = {
  /** No API URL could be found (R-1004), or `BLOCKS_API_URL` is invalid. */
  ApiUrlNotConfigured: 'ApiUrlNotConfiguredException',
  /** The server answered something that is not a JSON-RPC response (a proxy's 403 page, a 404). */
  UnexpectedResponse: 'UnexpectedResponseException',
  /** The request never got an answer (offline, refused, aborted). */
  NetworkError: 'NetworkErrorException',
} as const;

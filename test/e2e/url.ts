/** Where the suite serves the built app; KENSE_E2E_PORT lets two checkouts test side by side. */
export const E2E_URL = `http://127.0.0.1:${process.env.KENSE_E2E_PORT ?? '4317'}/`;

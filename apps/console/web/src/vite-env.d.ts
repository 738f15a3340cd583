// Vite's module types (CSS imports) for the app's own type check.
/// <reference types="vite/client" />

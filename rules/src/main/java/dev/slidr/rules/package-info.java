/** The per-click rules every path applies: GIVT checks, pseudonymization, dedupe, slicing. */
package dev.slidr.rules;

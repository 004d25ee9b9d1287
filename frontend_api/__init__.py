"""Read-only DRF API for decoupled front ends, headless preview, and the reference client."""

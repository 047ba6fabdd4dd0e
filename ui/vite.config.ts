import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Static files for Tauri to serve from disk: relative paths, no dev server.
export default defineConfig({
  plugins: [svelte()],
  base: './',
  clearScreen: false,
  build: { outDir: 'dist', emptyOutDir: true, target: 'safari15', sourcemap: false },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});

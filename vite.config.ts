// The web app: sources in web/, built into dist/web where the server (server/app.ts) serves it.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const API = 'http://127.0.0.1:8080';

export default defineConfig({
  root: 'web',
  plugins: [react()],
  server: {
    port: 5173,
    // In development the API runs separately (`npm run dev`); same-origin paths keep the session cookie working.
    proxy: { '/api': API, '/healthz': API, '/readyz': API },
  },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // antd is one long-cached chunk (~410 KB gzip); echarts (~200 KB gzip) loads only with chart pages.
    chunkSizeWarningLimit: 1400,
    rolldownOptions: {
      output: {
        // Big libraries in their own long-cached chunks; echarts only loads with the pages that draw charts.
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|echarts-for-react)[\\/]/, priority: 30 },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[a-z-]+)[\\/]/, priority: 20 },
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler|@tanstack)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});

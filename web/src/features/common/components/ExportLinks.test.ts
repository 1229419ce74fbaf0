import { describe, expect, test } from 'vitest'
import { mount } from '@vue/test-utils'
import { createI18n } from 'vue-i18n'
import ExportLinks from './ExportLinks.vue'

const i18n = createI18n({ legacy: false, locale: 'ja', messages: { ja: { common: { download: 'DL', downloadXlsx: 'xlsx', downloadCsv: 'csv' } } } })

describe('ExportLinks', () => {
  test('links the export as xlsx and CSV with the page query, empty filters left out', () => {
    const w = mount(ExportLinks, {
      props: { path: '/api/v1/regions/{slug}/kpis/table', params: { slug: 'minami-sorachi' }, query: { fy: '2025', actor: '' } },
      global: { plugins: [i18n] },
    })
    expect(w.get('[data-testid=export-xlsx]').attributes('href')).toBe('/api/v1/regions/minami-sorachi/kpis/table?fy=2025&format=xlsx')
    expect(w.get('[data-testid=export-csv]').attributes('href')).toBe('/api/v1/regions/minami-sorachi/kpis/table?fy=2025&format=csv')
  })
})

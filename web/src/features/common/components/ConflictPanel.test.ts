import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createI18n } from 'vue-i18n'
import ConflictPanel from './ConflictPanel.vue'

const i18n = createI18n({ legacy: false, locale: 'ja', messages: { ja: { edit: { conflictTitle: '競合', conflictHelp: 'h', theirs: '保存済', mine: '自分', reapply: '再適用', discard: '破棄' } } } })

describe('ConflictPanel', () => {
  it('shows both versions and emits the chosen way out', async () => {
    const w = mount(ConflictPanel, { props: { theirs: '他の人の内容', mine: '私の内容' }, global: { plugins: [i18n] } })
    expect(w.get('[data-testid=theirs]').text()).toBe('他の人の内容')
    expect(w.get('[data-testid=mine]').text()).toBe('私の内容')
    expect(w.attributes('role')).toBe('alert')
    const [reapply, discard] = w.findAll('button')
    await reapply.trigger('click')
    await discard.trigger('click')
    expect(w.emitted('reapply')).toHaveLength(1)
    expect(w.emitted('discard')).toHaveLength(1)
  })
})

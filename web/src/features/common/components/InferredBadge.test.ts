import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import InferredBadge from './InferredBadge.vue'

describe('InferredBadge', () => {
  it('shows 推定 with the reason as title and label, and is focusable', () => {
    const w = mount(InferredBadge, { props: { reason: '資料の「前市町」は「全市町」の誤記と読んだ' } })
    const badge = w.get('[data-testid="inferred"]')
    expect(badge.text()).toContain('推定')
    expect(badge.attributes('title')).toBe('資料の「前市町」は「全市町」の誤記と読んだ')
    expect(badge.attributes('tabindex')).toBe('0')
    expect(badge.attributes('aria-label')).toContain('全市町')
  })
  it('renders nothing without a reason', () => {
    expect(mount(InferredBadge, { props: { reason: '' } }).find('[data-testid="inferred"]').exists()).toBe(false)
  })
})

import { describe, expect, test } from 'vitest'
import { mount } from '@vue/test-utils'
import SampleBadge from './SampleBadge.vue'

describe('SampleBadge', () => {
  test('shows サンプル when used without props', () => {
    expect(mount(SampleBadge).text()).toBe('サンプル')
  })
  test('hides only when show is false', () => {
    expect(mount(SampleBadge, { props: { show: false } }).text()).toBe('')
    expect(mount(SampleBadge, { props: { show: true } }).text()).toBe('サンプル')
  })
})

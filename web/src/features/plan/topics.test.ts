import { describe, expect, it } from 'vitest'
import { topicLines } from './resources'

describe('topicLines', () => {
  it('keeps one topic per line in order, trimmed in both widths of space', () => {
    expect(topicLines('　夜間急病センター \n広域救急\t')).toEqual(['夜間急病センター', '広域救急'])
  })
  it('drops blank lines and reads Windows and old Mac line ends', () => {
    expect(topicLines('a\r\n\r\n　\rb\n')).toEqual(['a', 'b'])
  })
  it('gives an empty list for an empty box (the year keeps no topics)', () => {
    expect(topicLines('')).toEqual([])
    expect(topicLines(' \n　\n')).toEqual([])
  })
})

import { currentStatusWord, FORMER_STATUS_WORDS, SHARED_STATUSES } from './statuses';

describe('the shared status words', () => {
  it('are each one word, none of them a former one', () => {
    expect(new Set(SHARED_STATUSES).size).toBe(SHARED_STATUSES.length);
    expect(SHARED_STATUSES.filter((s) => Object.hasOwn(FORMER_STATUS_WORDS, s))).toEqual([]);
  });

  it('name the shared word for a former one, and leave any other value as it is', () => {
    expect(currentStatusWord('awaiting_pickup')).toBe('ready_for_pickup');
    expect(currentStatusWord('handed_over')).toBe('picked_up');
    expect(currentStatusWord('ready_for_pickup')).toBe('ready_for_pickup');
    expect(currentStatusWord('to_pick')).toBe('to_pick');
    // Not a former word merely because an object has it.
    expect(currentStatusWord('toString')).toBe('toString');
    expect(currentStatusWord(['awaiting_pickup'])).toEqual(['awaiting_pickup']);
    expect(currentStatusWord(undefined)).toBeUndefined();
  });
});
